/*
 * Independent reference for RandomGenerator (mlx random stream, algorithm version 1).
 *
 * Written from the published reference algorithms, not from the Swift code:
 *   - SplitMix64: Sebastiano Vigna, https://prng.di.unimi.it/splitmix64.c
 *   - xoshiro256** 1.0 with jump() and long_jump(): David Blackman and Sebastiano Vigna,
 *     https://prng.di.unimi.it/xoshiro256starstar.c
 *   - Bounded integers: Daniel Lemire, "Fast Random Integer Generation in an Interval" (2019),
 *     Algorithm 5 (multiply-shift with rejection), using a 128-bit product.
 *   - Uniform doubles: (x >> 11) * 2^-53, as recommended on the xoshiro page.
 *   - Normals: Marsaglia's polar method, first value returned, second kept as a spare.
 *   - Shuffle / sample: the Fisher–Yates variants described in docs/random.md.
 *
 * How the output was used: compiled and run as
 *     gcc -O2 -std=c11 -o /tmp/xoshiro_reference xoshiro_reference.c -lm
 *     /tmp/xoshiro_reference > xoshiro_reference.json
 * and RandomGeneratorTests.swift compares every stream of RandomGenerator with that JSON
 * (64-bit words as hex strings; doubles printed with 17 significant digits). Uniform doubles
 * and integers must match exactly; normals to 1e-15 relative, since they go through libm log().
 * As a sanity check it also prints php-src's pinned xoshiro256** value (seed 1234, 10000 draws,
 * jump, long jump, next draw) to stderr; php's test expects bytes 1f197e9ca7969123 (little-endian).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

static uint64_t s[4];
static int has_spare;
static double spare;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(const uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(void) {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void jump_with(const uint64_t poly[4]) {
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 64; b++) {
            if (poly[i] & UINT64_C(1) << b) {
                s0 ^= s[0]; s1 ^= s[1]; s2 ^= s[2]; s3 ^= s[3];
            }
            next();
        }
    s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
}

static void jump(void) {
    static const uint64_t JUMP[] = { 0x180ec6d33cfd0aba, 0xd5a61266f0c9392c, 0xa9582618e03fc9aa, 0x39abdc4529b1661c };
    jump_with(JUMP);
}

static void long_jump(void) {
    static const uint64_t LONG_JUMP[] = { 0x76e15d3efefdcbbf, 0xc5004e441c522fb3, 0x77710069854ee241, 0x39109bb02acbe635 };
    jump_with(LONG_JUMP);
}

static void seed_with(uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) s[i] = splitmix64(&x);
    has_spare = 0;
}

/* Lemire: uniform in [0, bound), bound == 0 meaning 2^64. */
static uint64_t bounded(uint64_t bound) {
    if (bound == 0) return next();
    __uint128_t m = (__uint128_t)next() * bound;
    uint64_t l = (uint64_t)m;
    if (l < bound) {
        uint64_t t = -bound % bound;
        while (l < t) {
            m = (__uint128_t)next() * bound;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

static double uniform(void) { return (double)(next() >> 11) * 0x1.0p-53; }

static double standard_normal(void) {
    if (has_spare) { has_spare = 0; return spare; }
    for (;;) {
        double u = 2 * uniform() - 1;
        double v = 2 * uniform() - 1;
        double q = u * u + v * v;
        if (q > 0 && q < 1) {
            double f = sqrt(-2 * log(q) / q);
            spare = v * f; has_spare = 1;
            return u * f;
        }
    }
}

static void print_words(const char *name, int n) {
    printf("    \"%s\": [", name);
    for (int i = 0; i < n; i++) printf("%s\"%016" PRIx64 "\"", i ? ", " : "", next());
    printf("],\n");
}

static void print_ints(const char *name, const int64_t *v, int n) {
    printf("    \"%s\": [", name);
    for (int i = 0; i < n; i++) printf("%s%" PRId64, i ? ", " : "", v[i]);
    printf("],\n");
}

static void print_doubles(const char *name, const double *v, int n, int last) {
    printf("    \"%s\": [", name);
    for (int i = 0; i < n; i++) printf("%s%.17g", i ? ", " : "", v[i]);
    printf("]%s\n", last ? "" : ",");
}

static void emit(uint64_t seed, int last) {
    int64_t iv[16];
    double dv[16];
    printf("  {\n    \"seed\": \"%016" PRIx64 "\",\n", seed);

    uint64_t x = seed;
    printf("    \"state\": [");
    for (int i = 0; i < 4; i++) printf("%s\"%016" PRIx64 "\"", i ? ", " : "", splitmix64(&x));
    printf("],\n");

    seed_with(seed); print_words("next", 8);
    seed_with(seed); jump(); print_words("jump", 4);
    seed_with(seed); long_jump(); print_words("longJump", 4);
    /* split(count: 3): stream k starts at the seed's state jumped k times. */
    seed_with(seed); jump(); jump(); print_words("split2", 2);

    seed_with(seed);
    for (int i = 0; i < 8; i++) iv[i] = -5 + (int64_t)bounded(11);        /* integer(in: -5...5) */
    print_ints("integerMinus5To5", iv, 8);
    seed_with(seed);
    for (int i = 0; i < 8; i++) iv[i] = (int64_t)bounded(1000);          /* integer(in: 0..<1000) */
    print_ints("integer0To1000", iv, 8);
    seed_with(seed);
    for (int i = 0; i < 4; i++) iv[i] = (int64_t)(UINT64_C(1) << 63 ^ bounded(0)); /* integer(in: Int.min...Int.max) */
    print_ints("integerFull", iv, 4);
    seed_with(seed);
    /* integer(in: Int.min...(Int.min + 3·2^62 − 1)): a width where rejection is frequent */
    for (int i = 0; i < 4; i++) iv[i] = (int64_t)((UINT64_C(1) << 63) + bounded(UINT64_C(3) << 62));
    print_ints("integerLarge", iv, 4);

    seed_with(seed);                                                     /* shuffle 0..<10, backward */
    for (int i = 0; i < 10; i++) iv[i] = i;
    for (int i = 9; i > 0; i--) { int j = (int)bounded((uint64_t)i + 1); int64_t t = iv[i]; iv[i] = iv[j]; iv[j] = t; }
    print_ints("shuffle10", iv, 10);

    seed_with(seed);                                                     /* sample(count: 5, from: 20) */
    int64_t idx[20];
    for (int i = 0; i < 20; i++) idx[i] = i;
    for (int i = 0; i < 5; i++) { int j = i + (int)bounded(20 - i); int64_t t = idx[i]; idx[i] = idx[j]; idx[j] = t; }
    print_ints("sample5of20", idx, 5);
    seed_with(seed);                                                     /* sample(count: 6, from: 4, replace: true) */
    for (int i = 0; i < 6; i++) iv[i] = (int64_t)bounded(4);
    print_ints("sample6of4Replace", iv, 6);

    seed_with(seed);
    for (int i = 0; i < 8; i++) dv[i] = uniform();
    print_doubles("uniform", dv, 8, 0);
    seed_with(seed);
    for (int i = 0; i < 4; i++) { double w = 5.0; dv[i] = -2.0 + w * uniform(); } /* uniform(in: -2..<3) */
    print_doubles("uniformMinus2To3", dv, 4, 0);
    seed_with(seed);
    for (int i = 0; i < 9; i++) dv[i] = standard_normal();
    print_doubles("standardNormal", dv, 9, 1);
    printf("  }%s\n", last ? "" : ",");
}

int main(void) {
    printf("[\n");
    emit(0, 0);
    emit(42, 0);
    emit(UINT64_MAX, 1);
    printf("]\n");

    seed_with(1234);
    for (int i = 0; i < 10000; i++) next();
    jump();
    long_jump();
    uint64_t v = next();
    fprintf(stderr, "php-src check (seed 1234): ");
    for (int i = 0; i < 8; i++) fprintf(stderr, "%02x", (unsigned)((v >> (8 * i)) & 0xff));
    fprintf(stderr, " (php expects 1f197e9ca7969123)\n");
    return 0;
}
