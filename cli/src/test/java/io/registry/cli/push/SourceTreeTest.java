package io.registry.cli.push;

import io.registry.cli.Trees;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceTreeTest {

    @TempDir
    Path temp;

    @Test
    void the_same_tree_gives_the_same_bytes_and_source_hash_whatever_its_times_owners_and_other_permission_bits()
            throws IOException {
        Path first = Trees.aTree(temp.resolve("first"));
        Path second = Trees.aTree(temp.resolve("second"));
        Files.setLastModifiedTime(second.resolve("src/index.js"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
        Files.setPosixFilePermissions(second.resolve("README.md"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(second.resolve("src"), PosixFilePermissions.fromString("rwx------"));

        byte[] firstBytes = packed(first, "a.tgz");
        byte[] again = packed(first, "b.tgz");
        byte[] secondBytes = packed(second, "c.tgz");

        assertThat(again).isEqualTo(firstBytes);
        assertThat(secondBytes).isEqualTo(firstBytes);
        assertThat(SourceTree.scan(second).sourceHash()).isEqualTo(SourceTree.scan(first).sourceHash());
    }

    @Test
    void a_content_change_gives_another_source_hash_and_other_bytes() throws IOException {
        Path tree = Trees.aTree(temp.resolve("tree"));
        String before = SourceTree.scan(tree).sourceHash();
        byte[] bytesBefore = packed(tree, "before.tgz");

        Files.writeString(tree.resolve("src/index.js"), "console.log('changed');\n");

        assertThat(SourceTree.scan(tree).sourceHash()).isNotEqualTo(before);
        assertThat(packed(tree, "after.tgz")).isNotEqualTo(bytesBefore);
    }

    @Test
    void making_a_file_executable_gives_another_source_hash_and_other_bytes() throws IOException {
        Path tree = Trees.aTree(temp.resolve("tree"));
        String before = SourceTree.scan(tree).sourceHash();
        byte[] bytesBefore = packed(tree, "before.tgz");

        Files.setPosixFilePermissions(tree.resolve("README.md"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(SourceTree.scan(tree).sourceHash()).isNotEqualTo(before);
        assertThat(packed(tree, "after.tgz")).isNotEqualTo(bytesBefore);
    }

    @Test
    void a_renamed_file_or_a_new_empty_directory_gives_another_source_hash() throws IOException {
        Path tree = Trees.aTree(temp.resolve("tree"));
        String original = SourceTree.scan(tree).sourceHash();

        Files.createDirectory(tree.resolve("empty"));
        String withDirectory = SourceTree.scan(tree).sourceHash();
        Files.delete(tree.resolve("empty"));
        Files.move(tree.resolve("README.md"), tree.resolve("README.txt"));

        assertThat(withDirectory).isNotEqualTo(original);
        assertThat(SourceTree.scan(tree).sourceHash()).isNotEqualTo(original).isNotEqualTo(withDirectory);
    }

    @Test
    void source_hash_is_the_sha256_of_the_documented_manifest() throws IOException {
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.writeString(tree.resolve("a.txt"), "hello\n");
        Files.createDirectory(tree.resolve("bin"));
        Files.writeString(tree.resolve("bin/run"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("bin/run"), PosixFilePermissions.fromString("rwxr-x---"));

        SourceTree scanned = SourceTree.scan(tree);

        // README "What push packs"; the same as: printf 'file 644 <sha256 of a.txt> a.txt\0dir 755 - bin\0file 755
        // <sha256 of bin/run> bin/run\0' | sha256sum
        assertThat(new String(scanned.manifest(), StandardCharsets.UTF_8)).isEqualTo(
                "file 644 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 a.txt\0"
                        + "dir 755 - bin\0"
                        + "file 755 299001868fb8c02fd431c336c6d058f5558c5dff5b5af5e6fe04b870a6a9cbba bin/run\0");
        assertThat(scanned.sourceHash())
                .isEqualTo("sha256:50434d4356fa6d4f55405becbbc5471cde7f55cf87477f655fb5f6f7d90f4d03");
    }

    @Test
    void the_archive_holds_the_tree_in_byte_order_with_fixed_owners_times_and_modes() throws IOException {
        Path tree = Trees.aTree(temp.resolve("tree"));
        Path tgz = SourceTree.scan(tree).packTo(temp.resolve("p.tgz")).file();

        byte[] bytes = Files.readAllBytes(tgz);
        assertThat(bytes[4] | bytes[5] | bytes[6] | bytes[7]).as("gzip mtime").isZero();
        assertThat(bytes[9] & 0xff).as("gzip OS").isEqualTo(255);
        List<TarArchiveEntry> entries = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        try (InputStream file = Files.newInputStream(tgz);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.add(entry);
                contents.add(entry.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : null);
            }
        }

        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly(
                "README.md", "bin/", "bin/tool", "link-to-readme", "package.json", "src/", "src/index.js",
                "src/nested/", "src/nested/" + "very-long-directory-name-".repeat(5) + "/",
                "src/nested/" + "very-long-directory-name-".repeat(5) + "/" + Trees.NON_ASCII_NAME);
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
            assertThat(entry.getUserName()).isEmpty();
            assertThat(entry.getGroupName()).isEmpty();
            assertThat(entry.getModTime().getTime()).isZero();
        });
        assertThat(entries.get(0).getMode()).isEqualTo(0644);
        assertThat(entries.get(1).getMode()).isEqualTo(0755);
        assertThat(entries.get(2).getMode()).as("an executable file").isEqualTo(0755);
        assertThat(entries.get(3).isSymbolicLink()).isTrue();
        assertThat(entries.get(3).getLinkName()).isEqualTo("README.md");
        assertThat(contents.get(6)).isEqualTo("console.log('hi');\n");
    }

    @Test
    void git_repositories_and_git_files_are_left_out() throws IOException {
        Path tree = Trees.aTree(temp.resolve("tree"));
        String without = SourceTree.scan(tree).sourceHash();

        Files.createDirectories(tree.resolve(".git/objects"));
        Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(tree.resolve("src/.git"), "gitdir: /somewhere/else/.git/modules/src\n");

        assertThat(SourceTree.scan(tree).entries()).extracting(SourceTree.Entry::path).noneMatch(p -> p.contains(".git"));
        assertThat(SourceTree.scan(tree).sourceHash()).isEqualTo(without);
    }

    @Test
    void a_fifo_is_refused() throws Exception {
        Path tree = Trees.aTree(temp.resolve("tree"));
        Process mkfifo = new ProcessBuilder("mkfifo", tree.resolve("pipe").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");

        assertThatThrownBy(() -> SourceTree.scan(tree)).isInstanceOf(IOException.class)
                .hasMessageContaining("pipe is neither a directory, a regular file nor a symbolic link");
    }

    private byte[] packed(Path tree, String name) throws IOException {
        return Files.readAllBytes(SourceTree.scan(tree).packTo(temp.resolve(name)).file());
    }
}
