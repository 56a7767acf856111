# Sourced by dev/setup and dev/test: makes sure the C libraries mlx links
# against are installed, installing them with apt-get when running as root.

MLX_SYSTEM_PACKAGES=(pkg-config libopenblas-dev liblapacke-dev libedit-dev libssl-dev libsqlite3-dev sqlite3 git python3 python3-venv tmux wrk)

missing_system_packages() {
    local missing=()
    for package in "${MLX_SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    echo "${missing[@]:-}"
}

ensure_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "note: not a Debian-based system; make sure OpenBLAS, LAPACKE, libedit and OpenSSL (libcrypto), SQLite (with pkg-config files) are installed, tmux for the terminal test and wrk for the server load test" >&2
        return 0
    fi
    local missing
    missing="$(missing_system_packages)"
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing system packages: $missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "mlx needs these system packages: $missing" >&2
        echo "install them with:" >&2
        echo "    sudo apt-get install -y $missing" >&2
        exit 1
    fi
}
