#include "ckernels.h"

// Reads records made only of short plain numbers, the bulk of a numeric CSV.
//
// The general parser finds each field's end by reading the field, so the
// next field cannot start before this one's digits are read: a chain of
// dependent loads per field. Here the delimiters and line feeds of 64 bytes
// at a time are found first as bit masks, so every field's bounds are known
// up front and the work on consecutive fields overlaps. A field is accepted
// only when every byte between its separators belongs to the number, which
// also rules out quotes: the record structure is then exactly what the masks
// say. Anything else stops the loop at the start of that record.

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

enum {
    mode_integer = 1,        // the column holds integers: a point is not accepted
    mode_leading_zeros = 2,  // the column's type is stated: "007" is a number, not a code
};

// Bytes that must be readable past the last block a record may use: a field
// of at most 16 bytes is read with 8-byte words up to 17 bytes from its start.
static const long block_margin = 64 + 32;

// Bit i of *separators is set when p[i] is the delimiter or a line feed, of *lines when a line feed.
static inline void block_masks(const uint8_t *p, uint8_t delimiter, uint64_t *separators, uint64_t *lines) {
#if defined(__x86_64__)
    const __m128i delimiters = _mm_set1_epi8((char)delimiter), feeds = _mm_set1_epi8('\n');
    uint64_t s = 0, l = 0;
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        uint64_t feed = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, feeds));
        uint64_t delimiter_bits = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, delimiters));
        l |= feed << (16 * k);
        s |= (feed | delimiter_bits) << (16 * k);
    }
    *separators = s;
    *lines = l;
#else
    uint64_t s = 0, l = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t feed = p[i] == '\n', separator = feed | (p[i] == delimiter);
        l |= feed << i;
        s |= separator << i;
    }
    *separators = s;
    *lines = l;
#endif
}

static inline uint64_t word_at(const uint8_t *p) {
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

// How many of the word's bytes, from the first, are ASCII digits (0...8);
// the same arithmetic as NumberLexeme.digitRun.
static inline long digit_run(uint64_t w) {
    uint64_t non_digits = ((w + 0x4646464646464646ull) | (w - 0x3030303030303030ull)) & 0x8080808080808080ull;
    return non_digits ? __builtin_ctzll(non_digits) >> 3 : 8;
}

// The value of the word's first `count` (0...8) bytes, all digits; as NumberLexeme.value(ofDigits:in:).
static inline uint64_t digits_value(long count, uint64_t w) {
    uint64_t shift = (uint64_t)(8 - count) * 4;
    uint64_t v = ((w - 0x3030303030303030ull) << shift) << shift;
    v = v * 10 + (v >> 8);
    uint64_t high = (v & 0x000000FF000000FFull) * (100 + (1000000ull << 32));
    uint64_t low = ((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32));
    return ((high + low) >> 32) & 0xFFFFFFFFull;
}

// Reads a number of a numeric column written in the `length` (at most 8) bytes
// at p, after its sign: the digits and point are one word, the point is taken
// out by shifting the fraction's bytes down one, and the digits are combined
// at once. Gives exactly what the two-word path of read_field gives.
static inline __attribute__((always_inline)) int read_one_word(const uint8_t *p, long length, int negative, uint8_t mode, uint64_t *out) {
    uint64_t w = word_at(p);
    long integer_digits = digit_run(w);
    if (integer_digits == 0 || integer_digits == 8) return 0;
    if (!(mode & mode_leading_zeros) && integer_digits > 1 && (w & 0xFF) == '0') return 0;
    long fraction_digits = 0;
    if (integer_digits != length) {
        // integer_digits < length <= 8, so the byte after the digits is in the word.
        if (((w >> (8 * integer_digits)) & 0xFF) != '.') return 0;
        uint64_t integer_bytes = (1ull << (8 * integer_digits)) - 1;
        w = (w & integer_bytes) | ((w >> 8) & ~integer_bytes);
        fraction_digits = length - 1 - integer_digits;
        if (digit_run(w) < integer_digits + fraction_digits) return 0;
    }
    uint64_t mantissa = digits_value(integer_digits + fraction_digits, w);
    double magnitude = (double)(int64_t)mantissa / mlx_small_power_of_ten(fraction_digits);
    uint64_t bits;
    __builtin_memcpy(&bits, &magnitude, 8);
    *out = bits | ((uint64_t)negative << 63);
    return 1;
}

// Reads the field [start, end) as [+-]d{1,7}[.d{0,7}] into *out (double bits,
// or Int64 bits for an integer column); 0 when the field is anything else.
// Needs 17 readable bytes from `start`, whatever the field's length: a longer
// or empty field fails the digit counts.
static inline __attribute__((always_inline)) int read_field(const uint8_t *b, long start, long end, uint8_t mode, uint64_t *out) {
    uint8_t sign = b[start];
    int negative = sign == '-';
    long i = start + (negative || sign == '+');
    if (end - i <= 8 && !(mode & mode_integer)) return read_one_word(b + i, end - i, negative, mode, out);
    uint64_t integer_word = word_at(b + i);
    long integer_digits = digit_run(integer_word);
    if (integer_digits == 0 || integer_digits == 8) return 0;
    if (!(mode & mode_leading_zeros) && integer_digits > 1 && (integer_word & 0xFF) == '0') return 0;
    uint64_t integer_part = digits_value(integer_digits, integer_word);
    i += integer_digits;
    if (i == end) {
        if (mode & mode_integer) {
            if (negative && integer_part == 0) return 0;  // "-0": the general path notes it, in case the column turns numeric
            int64_t value = negative ? -(int64_t)integer_part : (int64_t)integer_part;
            __builtin_memcpy(out, &value, 8);
        } else {
            double magnitude = (double)integer_part;
            double value = negative ? -magnitude : magnitude;
            __builtin_memcpy(out, &value, 8);
        }
        return 1;
    }
    if (b[i] != '.' || (mode & mode_integer)) return 0;
    uint64_t fraction_word = word_at(b + i + 1);
    long fraction_digits = digit_run(fraction_word);
    if (fraction_digits == 8 || i + 1 + fraction_digits != end) return 0;
    uint64_t mantissa = integer_part * mlx_small_integer_power_of_ten(fraction_digits)
        + digits_value(fraction_digits, fraction_word);
    // Both operands are exact doubles (mantissa < 2^53), so the divide rounds once, as strtod does.
    double magnitude = (double)(int64_t)mantissa / mlx_small_power_of_ten(fraction_digits);
    uint64_t bits;
    __builtin_memcpy(&bits, &magnitude, 8);
    *out = bits | ((uint64_t)negative << 63);
    return 1;
}

// Where the scan through the input stands: the 64-byte block at `base` and
// the separators in it not yet consumed.
struct cursor {
    const uint8_t *bytes;
    long base, readable;
    uint64_t separators, lines;
    uint8_t delimiter;
};

// The offset of the next separator, and whether it is a line feed; 0 when the
// next block would come too close to the end of the input.
static inline __attribute__((always_inline)) int next_separator(struct cursor *k, long *at, int *line_end) {
    while (k->separators == 0) {
        k->base += 64;
        if (k->base + block_margin > k->readable) return 0;
        block_masks(k->bytes + k->base, k->delimiter, &k->separators, &k->lines);
    }
    uint64_t bit = k->separators & (0 - k->separators);
    *at = k->base + __builtin_ctzll(k->separators);
    *line_end = (k->lines & bit) != 0;
    k->separators ^= bit;
    return 1;
}

// The loop of mlx_csv_read_numbers, for one mode shared by all columns
// (`uniform`, inlined with `mode` constant) or each column's own.
static inline __attribute__((always_inline)) long read_records(
    struct cursor *k, long record, long limit, long columns, int uniform, uint8_t mode, const uint8_t *modes,
    uint64_t *const *outputs, long max_rows, long *rows_read) {
    long rows = 0;
    long last = columns - 1;
    while (rows < max_rows && record < limit) {
        long field = record, end;
        int line_end;
        for (long c = 0; c < last; c++) {
            if (!next_separator(k, &end, &line_end) || line_end) goto done;
            if (!read_field(k->bytes, field, end, uniform ? mode : modes[c], outputs[c] + rows)) goto done;
            field = end + 1;
        }
        if (!next_separator(k, &end, &line_end) || !line_end) goto done;
        long content_end = end > field && k->bytes[end - 1] == '\r' ? end - 1 : end;
        if (!read_field(k->bytes, field, content_end, uniform ? mode : modes[last], outputs[last] + rows)) goto done;
        if (end + 1 > limit) goto done;
        rows++;
        record = end + 1;
    }
done:
    *rows_read = rows;
    return record;
}

long mlx_csv_read_numbers(const uint8_t *bytes, long start, long limit, long readable, uint8_t delimiter,
                          long columns, const uint8_t *modes, uint64_t *const *outputs, long max_rows, long *rows_read) {
    *rows_read = 0;
    if (columns <= 0 || start + block_margin > readable) return start;
    struct cursor k = {.bytes = bytes, .base = start, .readable = readable, .delimiter = delimiter};
    block_masks(bytes + start, delimiter, &k.separators, &k.lines);
    int uniform = 1;
    for (long c = 1; c < columns; c++) uniform &= modes[c] == modes[0];
    // The common case, columns of numbers without a stated type, with the mode a constant.
    if (uniform && modes[0] == 0) return read_records(&k, start, limit, columns, 1, 0, modes, outputs, max_rows, rows_read);
    return read_records(&k, start, limit, columns, 0, 0, modes, outputs, max_rows, rows_read);
}
