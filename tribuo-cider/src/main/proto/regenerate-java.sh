#!/usr/bin/env bash
# Regenerates the Java classes of the protos in this directory into ../java (checked in, as Tribuo does, so the build
# needs no protoc). Run it after changing a .proto file, from any directory:
#   tribuo-cider/src/main/proto/regenerate-java.sh
# It needs Maven (the protoc executable of this machine's platform is fetched into the local repository if missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$(cd "$here/../../.." && pwd)"
# the protoc of the protobuf-java version that Tribuo brings (the parent POM's protobuf.version)
version="$(sed -n 's:.*<protobuf.version>\(.*\)</protobuf.version>.*:\1:p' "$module/../pom.xml")"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) classifier=linux-x86_64 ;;
  Linux-aarch64) classifier=linux-aarch_64 ;;
  Darwin-arm64) classifier=osx-aarch_64 ;;
  Darwin-x86_64) classifier=osx-x86_64 ;;
  *) echo "No protoc build known for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn -q -f "$module/pom.xml" dependency:copy -Dartifact="com.google.protobuf:protoc:$version:exe:$classifier" \
    -DoutputDirectory="$work" -Dmdep.stripVersion=true
protoc="$work/protoc-$classifier.exe"
chmod +x "$protoc"
mvn -q -f "$module/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=compile
java -cp "$(cat "$work/classpath.txt")" "$here/ImportedDescriptors.java" "$work/imports.pb"
"$protoc" --descriptor_set_in="$work/imports.pb" --proto_path="$here" --java_out="$module/src/main/java" "$here"/*.proto
echo "Regenerated the Java classes of $(ls "$here"/*.proto | wc -l) proto files with protoc $version ($classifier)"
