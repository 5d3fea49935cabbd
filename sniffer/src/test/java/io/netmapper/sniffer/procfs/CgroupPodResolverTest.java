package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupPodResolverTest {
  private static final String UID = "0f3c5a1e-2b7d-4c8e-9a6f-1d2e3f4a5b6c";
  private static final String CID =
      "4f1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff0";

  @Test
  void systemdDriver_cgroupV2_givesPodUidWithDashesAndContainer() {
    String file =
        "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
            + UID.replace('-', '_')
            + ".slice/cri-containerd-"
            + CID
            + ".scope\n";
    assertThat(CgroupPodResolver.resolve(file)).isEqualTo(new PodRef(UID, CID));
  }

  @Test
  void systemdDriver_guaranteedPodWithCrio() {
    String file =
        "0::/kubepods.slice/kubepods-pod"
            + UID.replace('-', '_')
            + ".slice/crio-"
            + CID
            + ".scope\n";
    assertThat(CgroupPodResolver.resolve(file)).isEqualTo(new PodRef(UID, CID));
  }

  @Test
  void cgroupfsDriver_cgroupV1Lines() {
    String file =
        "12:pids:/kubepods/besteffort/pod"
            + UID
            + "/"
            + CID
            + "\n"
            + "11:memory:/kubepods/besteffort/pod"
            + UID
            + "/"
            + CID
            + "\n"
            + "1:name=systemd:/kubepods/besteffort/pod"
            + UID
            + "/"
            + CID
            + "\n";
    assertThat(CgroupPodResolver.resolve(file)).isEqualTo(new PodRef(UID, CID));
  }

  @Test
  void cgroupfsDriver_guaranteedPodLevelProcess_hasNoContainer() {
    assertThat(CgroupPodResolver.resolve("0::/kubepods/pod" + UID + "\n"))
        .isEqualTo(new PodRef(UID, ""));
  }

  @Test
  void nestedUnderAnotherHierarchy_isFound() {
    String file =
        "0::/system.slice/containerd.service/kubelet.slice/kubepods-besteffort-pod"
            + UID.replace('-', '_')
            + ".slice/docker-"
            + CID
            + ".scope\n";
    assertThat(CgroupPodResolver.resolve(file)).isEqualTo(new PodRef(UID, CID));
  }

  @Test
  void hostProcess_isNotInAPod() {
    assertThat(CgroupPodResolver.resolve("0::/system.slice/kubelet.service\n")).isNull();
    assertThat(CgroupPodResolver.resolve("0::/user.slice/podman-1234.scope\n")).isNull();
    assertThat(CgroupPodResolver.resolve("garbage")).isNull();
    assertThat(CgroupPodResolver.resolve("")).isNull();
  }
}
