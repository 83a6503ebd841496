#!/usr/bin/env bash
# Usage: scripts/release.sh vX.Y.Z [--push]
#
# Tags the current commit vX.Y.Z and moves the major tag (v1 for v1.4.2) to it, so that
# `uses: paperspace-dataset-versions/paperspace-dataset-versions@v1` picks the release up.
# Refuses, changing nothing, when:
#   - the version is not vX.Y.Z, or is not newer than the newest vX.Y.Z tag, or is already a tag;
#   - package.json's version is not X.Y.Z, or CHANGELOG.md has no "## [X.Y.Z]" section;
#   - the working tree has any change or untracked file;
#   - dist/ is not exactly what `npm run bundle` builds from the sources (a stale bundle).
# Without --push it only tags locally and prints the push commands; with --push it pushes both.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "release: $*" >&2
  exit 1
}

[ $# -ge 1 ] || fail "usage: scripts/release.sh vX.Y.Z [--push]"
tag=$1
push=false
if [ "${2:-}" = "--push" ]; then push=true; elif [ $# -gt 1 ]; then fail "unknown option: $2"; fi

[[ "$tag" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || fail "'$tag' is not of the form vX.Y.Z"
version=${tag#v}
major="v${BASH_REMATCH[1]}"

if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then fail "tag $tag already exists"; fi
newest=$(git tag --list 'v*.*.*' | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true)
if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$tag" | sort -V | tail -n 1)" != "$tag" ]; then
  fail "$tag is not newer than the newest release, $newest"
fi

package_version=$(node -p 'require("./package.json").version')
[ "$package_version" = "$version" ] || fail "package.json says version $package_version, not $version"
grep -qE "^## \[$version\]" CHANGELOG.md || fail "CHANGELOG.md has no '## [$version]' section"

if [ -n "$(git status --porcelain)" ]; then
  git status --short >&2
  fail "the working tree is not clean; commit or stash first"
fi

echo "Rebuilding dist/ to check it is current (npm run bundle)..."
npm run -s bundle >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --short -- dist >&2
  # Put the committed bundle back: the tree was clean before the build.
  git checkout -- dist
  git clean -fdq -- dist
  fail "dist/ is stale: run 'npm run bundle', commit dist/, then release"
fi

git tag -a "$tag" -m "$tag"
git tag -fa "$major" -m "$major: $tag" "$tag^{commit}"
echo "Tagged $tag and moved $major to $(git rev-parse --short "$tag^{commit}")."

if [ "$push" = true ]; then
  git push origin "refs/tags/$tag"
  git push --force origin "refs/tags/$major"
else
  echo "Push them with:"
  echo "  git push origin refs/tags/$tag && git push --force origin refs/tags/$major"
fi
