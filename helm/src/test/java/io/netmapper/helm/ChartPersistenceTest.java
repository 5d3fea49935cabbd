package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.netmapper.helm.Chart.Manifest;
import io.netmapper.mapper.MapperConfig;
import io.netmapper.mapper.MapperSettings;
import io.netmapper.mapper.persist.StoreSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mapper.persistence and mapper.database: where the chart keeps the map. */
class ChartPersistenceTest {
  private static final String MAPPER = "netmapper-mapper";

  private static Volume data(PodSpec spec) {
    return spec.getVolumes().stream()
        .filter(v -> v.getName().equals("data"))
        .findFirst()
        .orElse(null);
  }

  private static MapperConfig parsed(Map<String, String> env) {
    return MapperSettings.parse(new String[0], env);
  }

  @Test
  void defaults_embeddedStoreInAnEmptyDirMountedAtTheDataDir_recreateStrategy() {
    List<Manifest> m = Chart.render(Map.of());
    PodSpec spec = Pods.spec(m, "Deployment", MAPPER);
    Volume data = data(spec);
    assertThat(data).isNotNull();
    assertThat(data.getEmptyDir()).isNotNull();
    assertThat(data.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("2Gi"));
    assertThat(Pods.container(spec).getVolumeMounts())
        .anySatisfy(
            vm -> {
              assertThat(vm.getName()).isEqualTo("data");
              assertThat(vm.getMountPath()).isEqualTo("/var/lib/netmapper");
            });
    Map<String, String> env = Pods.env(Pods.container(spec));
    assertThat(env).containsEntry("NETMAPPER_STORE", "embedded");
    MapperConfig config = parsed(env);
    assertThat(config.store().kind()).isEqualTo(StoreSettings.Kind.EMBEDDED);
    assertThat(config.store().dataDir()).isEqualTo(Path.of("/var/lib/netmapper"));
    Deployment d = (Deployment) Chart.find(m, "Deployment", MAPPER).object();
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(m).noneMatch(x -> x.kind().equals("PersistentVolumeClaim"));
  }

  @Test
  void persistenceEnabled_aClaimKeptOnUninstallBacksTheDataDir() {
    List<Manifest> m =
        Chart.render(
            Chart.values(
                "mapper.persistence.enabled", true,
                "mapper.persistence.size", "10Gi",
                "mapper.persistence.storageClass", "fast"));
    PersistentVolumeClaim pvc =
        (PersistentVolumeClaim) Chart.find(m, "PersistentVolumeClaim", MAPPER + "-data").object();
    assertThat(pvc.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("10Gi"));
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(pvc.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    Volume data = data(Pods.spec(m, "Deployment", MAPPER));
    assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo(MAPPER + "-data");
  }

  @Test
  void existingClaim_isUsedAndNoneIsCreated() {
    List<Manifest> m =
        Chart.render(
            Chart.values(
                "mapper.persistence.enabled", true, "mapper.persistence.existingClaim", "my-map"));
    assertThat(m).noneMatch(x -> x.kind().equals("PersistentVolumeClaim"));
    assertThat(data(Pods.spec(m, "Deployment", MAPPER)).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("my-map");
  }

  @Test
  void databaseUrl_postgresqlWithThePasswordFromTheSecret_noDataVolume() {
    List<Manifest> m =
        Chart.render(
            Chart.values(
                "mapper.database.url", "jdbc:postgresql://pg.db:5432/netmapper",
                "mapper.database.user", "mapper",
                "mapper.database.passwordSecret.name", "netmapper-db",
                "mapper.persistence.enabled", true));
    PodSpec spec = Pods.spec(m, "Deployment", MAPPER);
    assertThat(data(spec)).isNull();
    assertThat(m).noneMatch(x -> x.kind().equals("PersistentVolumeClaim"));
    Map<String, String> env = Pods.env(Pods.container(spec));
    assertThat(env)
        .containsEntry("NETMAPPER_STORE", "postgresql")
        .containsEntry("NETMAPPER_DATABASE_URL", "jdbc:postgresql://pg.db:5432/netmapper")
        .containsEntry("NETMAPPER_DATABASE_USER", "mapper")
        .containsEntry("NETMAPPER_DATABASE_PASSWORD", "secret:netmapper-db/password");
    MapperConfig config = parsed(env);
    assertThat(config.store().kind()).isEqualTo(StoreSettings.Kind.POSTGRESQL);
    assertThat(config.store().password()).isPresent();
    assertThat(config.summary()).doesNotContain("secret:netmapper-db");
  }

  @Test
  void databaseUrlThatIsNotPostgresql_isRefusedByTheSchema() {
    assertThatThrownBy(
            () -> Chart.template(Chart.values("mapper.database.url", "jdbc:mysql://db/netmapper")))
        .hasMessageContaining("url");
  }
}
