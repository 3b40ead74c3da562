import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import org.tribuo.protos.core.TribuoCore;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes the descriptors of the protos that CIDer's protos import (tribuo-core.proto and what it imports) as a
 * FileDescriptorSet for {@code protoc --descriptor_set_in}, taken from Tribuo's compiled classes: the Tribuo jar does
 * not ship OLCUT's olcut_proto.proto, which tribuo-core.proto imports. Run by regenerate-java.sh, not by the build.
 */
public final class ImportedDescriptors {
    private ImportedDescriptors() {}

    /**
     * Writes the descriptor set.
     * @param args The output file.
     * @throws Exception if it cannot be written.
     */
    public static void main(String[] args) throws Exception {
        Set<FileDescriptor> files = new LinkedHashSet<>();
        collect(TribuoCore.getDescriptor(), files);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        files.forEach(f -> set.addFile(f.toProto()));
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
            set.build().writeTo(out);
        }
    }

    // Dependencies first, as protoc expects.
    private static void collect(FileDescriptor file, Set<FileDescriptor> out) {
        for (FileDescriptor dependency : file.getDependencies()) {
            collect(dependency, out);
        }
        out.add(file);
    }
}
