package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.sniffer.collect.Attribution;
import io.netmapper.sniffer.testing.WithoutDacOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupPodsTest {
  private static final String UID = "1b2c3d4e-0000-4111-8222-333344445555";
  private static final String CONTAINER = "ab".repeat(32);

  @TempDir Path root;

  @Test
  void podAndContainerDirectories_resolveToThePod_othersAreNotPods() throws Exception {
    Path pod =
        Files.createDirectories(
            root.resolve(
                "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                    + UID.replace('-', '_')
                    + ".slice"));
    Path container = Files.createDirectories(pod.resolve("cri-containerd-" + CONTAINER + ".scope"));
    Path system = Files.createDirectories(root.resolve("system.slice/sshd.service"));
    CgroupPods pods = new CgroupPods(root, 1000, 1_000_000_000L, new AtomicLong()::get);

    assertThat(pods.pod(inode(container))).isEqualTo(new Attribution(UID, CONTAINER, true, ""));
    assertThat(pods.pod(inode(pod))).isEqualTo(new Attribution(UID, "", true, ""));
    assertThat(pods.pod(inode(system))).isEqualTo(Attribution.NONE);
  }

  @Test
  void cgroupCreatedAfterTheWalk_isFoundByTheNextWalk_notBeforeItsTime() throws Exception {
    AtomicLong now = new AtomicLong();
    CgroupPods pods = new CgroupPods(root, 1000, 250, now::get);
    assertThat(pods.pod(1)).isEqualTo(Attribution.NONE); // walked: unknown id
    Path late = Files.createDirectories(root.resolve("kubepods/besteffort/pod" + UID));
    now.set(100);
    assertThat(pods.pod(inode(late))).isNull(); // walked 100 ns ago: not again yet
    now.set(400);
    assertThat(pods.pod(inode(late)).podUid()).isEqualTo(UID);
  }

  @Test
  void unreadableRoot_givesNotAPod() {
    CgroupPods pods = new CgroupPods(root.resolve("missing"), 1000, 0, new AtomicLong()::get);
    assertThat(pods.pod(42)).isEqualTo(Attribution.NONE);
  }

  private static long inode(Path p) throws Exception {
    return (Long) Files.getAttribute(p, "unix:ino");
  }

  @Test
  void check_unreadableRoot_saysPermissionDenied() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");
    Files.setPosixFilePermissions(root, java.util.Set.of());
    try {
      CgroupPods pods = new CgroupPods(root, 1000, 0, new AtomicLong()::get);
      CgroupPods.RootCheck check = WithoutDacOverride.call(pods::check);
      assertThat(check.ok()).isFalse();
      assertThat(check.reason()).isEqualTo("cgroup_root_unreadable");
      assertThat(check.detail()).contains(root.toString()).contains("permission denied");
    } finally {
      Files.setPosixFilePermissions(
          root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void check_missingRoot_andARootThatIsNotCgroup2_areNamed() throws Exception {
    CgroupPods missing =
        new CgroupPods(root.resolve("no-such-dir"), 1000, 0, new AtomicLong()::get);
    assertThat(missing.check().reason()).isEqualTo("cgroup_root_missing");
    CgroupPods plain = new CgroupPods(root, 1000, 0, new AtomicLong()::get);
    assertThat(plain.check().reason()).isEqualTo("cgroup_root_not_cgroup2");
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");
    assertThat(plain.check().ok()).isTrue();
  }
}
