package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void databaseUrlsSqlFilesAndClassNamesAreTakenOut() {
    assertThat(Redaction.text("cannot connect to jdbc:mysql://10.0.0.5:3306/syncmesh?user=root, giving up"))
        .isEqualTo("cannot connect to (a database), giving up");
    assertThat(Redaction.text("Table \"SM_OBJECT\" not found; SQL statement:\nSELECT hash FROM sm_object [42102-252]"))
        .isEqualTo("Table \"SM_OBJECT\" not found; (a statement)");
    assertThat(Redaction.text("the store failed: Duplicate entry for INSERT INTO sm_peer_wake VALUES (1)"))
        .isEqualTo("the store failed: Duplicate entry for (a statement)");
    assertThat(Redaction.text("Database may be already in use: /tmp/junit123/data/syncmesh.mv.db"))
        .doesNotContain("/tmp", "mv.db");
    assertThat(Redaction.text("cannot open ./data/syncmesh.mv.db")).isEqualTo("cannot open (a file)");
    assertThat(Redaction.text("failed: java.net.ConnectException: Connection refused"))
        .isEqualTo("failed: Connection refused");
    assertThat(Redaction.text("SQLTransientConnectionException: HikariPool-1 - Connection is not available"))
        .isEqualTo("HikariPool-1 - Connection is not available");
    assertThat(Redaction.text("Check [dev.syncmesh.node.ReadinessCheck] not ok")).isEqualTo("Check [] not ok");
    assertThat(Redaction.text("Check [dev.syncmesh.node.SyncMeshNode$$Lambda$1012/0x00007f00bc650cf0] not ok"))
        .isEqualTo("Check [] not ok");
  }

  @Test
  void ordinaryDetailsAreLeftAlone() {
    for (String detail :
        new String[] {
          "no resource at /api/peers/x/records",
          "peer issues has no remote origin",
          "the body is larger than the limit of 8388608 bytes",
          "If-Match 'v1' is not * or a list of entity tags",
          "remote origin (peer issues at http://127.0.0.1:8080) was refused: 403 forbidden",
          "record bugs/b-1.2 was changed"
        }) {
      assertThat(Redaction.text(detail)).isEqualTo(detail);
    }
    assertThat(Redaction.text(null)).isNull();
  }
}
