# Sourced by scripts/setup/*.sh (not run by test.sh itself: it runs only the scripts one level up).
# as_root COMMAND...: runs it directly as root, else through sudo.
as_root() {
  if [[ $(id -u) -ne 0 ]]; then
    sudo "$@"
  else
    "$@"
  fi
}

# apt_install CALLER PACKAGE...: installs the packages quietly, with sudo when not root, retrying while another
# setup script holds the dpkg lock; exits with an error naming CALLER when apt-get keeps failing.
apt_install() {
  local caller=$1
  shift
  echo "$caller: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  local attempt
  for attempt in 1 2 3 4 5; do
    if as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
      return 0
    fi
    if ((attempt == 5)); then
      echo "$caller: apt-get install $* failed" >&2
      exit 1
    fi
    sleep 5
  done
}
