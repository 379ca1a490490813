# Finds a JDK of version 21 or newer and exports JAVA_HOME to it.
# Sourced by ./datong, ./mvnw and .ci/run. Order: JAVA_HOME, then the usual
# install folders (highest version first), then `java` on the PATH.
# When none fits, prints a plain message and returns 1.

datong_jdk_version() {
  # prints the feature version (17, 21, 25...) of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

datong_find_jdk() {
  local wanted=21 candidate version best="" best_version=0 noglob=""
  case $- in *f*) noglob=yes; set +f ;; esac
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    version=$(datong_jdk_version "$JAVA_HOME/bin/java")
    if [ -n "$version" ] && [ "$version" -ge "$wanted" ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/java/* \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$(datong_jdk_version "$candidate/bin/java")
    [ -n "$version" ] || continue
    if [ "$version" -ge "$wanted" ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  [ -n "$noglob" ] && set -f
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    version=$(datong_jdk_version "$candidate/bin/java")
    if [ -n "$version" ] && [ "$version" -ge "$wanted" ]; then
      best="$candidate"
    fi
  fi
  if [ -z "$best" ]; then
    echo "datong: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm and the other usual folders, and the PATH)." >&2
    echo "datong: install one (for example Temurin 21 or 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  return 0
}
