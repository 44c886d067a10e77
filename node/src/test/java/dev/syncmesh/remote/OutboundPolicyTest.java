package dev.syncmesh.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.sync.Remote;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a remote may point and where its credential may go. */
class OutboundPolicyTest {
  private static final Credentials CREDENTIALS =
      new Credentials(
          Map.of(
                  "SYNCMESH_CREDENTIAL_EAST", "secret",
                  "SYNCMESH_CREDENTIAL_EAST_URL", "https://East.example, http://127.0.0.1:9080/",
                  "SYNCMESH_CREDENTIAL_TYPO_URL", "east.example")
              ::get);
  private static final OutboundPolicy STRICT = new OutboundPolicy(CREDENTIALS, false);

  private static Remote remote(String url, String credential) {
    return new Remote("r", "p", url, credential, true, null);
  }

  @Test
  void aCredentialGoesOnlyToItsOrigins() {
    assertThatCode(() -> STRICT.check(remote("https://east.example/", "east"))).doesNotThrowAnyException();
    assertThatCode(() -> STRICT.check(remote("https://east.example:443", "east"))).doesNotThrowAnyException();
    assertThatCode(() -> STRICT.check(remote("http://127.0.0.1:9080", "east"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> STRICT.check(remote("https://east.example:8443", "east")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("https://east.example:8443")
        .hasMessageContaining("SYNCMESH_CREDENTIAL_EAST_URL")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> STRICT.check(remote("https://evil.example", "east")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> STRICT.check(remote("http://127.0.0.1:9081", "east")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> STRICT.check(remote("https://east.example", "west")))
        .hasMessageContaining("SYNCMESH_CREDENTIAL_WEST_URL");
    assertThatThrownBy(() -> STRICT.check(remote("https://east.example", "typo")))
        .hasMessageContaining("not an origin");
  }

  @Test
  void plainHttpReachesOnlyLoopbackUnlessAllowed() {
    assertThatCode(() -> STRICT.check(remote("http://127.0.0.5:8080", null))).doesNotThrowAnyException();
    assertThatCode(() -> STRICT.check(remote("http://localhost:8080", null))).doesNotThrowAnyException();
    assertThatCode(() -> STRICT.check(remote("https://mesh.example", null))).doesNotThrowAnyException();
    assertThatThrownBy(() -> STRICT.check(remote("http://mesh.example:8080", null)))
        .hasMessageContaining("SYNCMESH_ALLOW_PLAIN_HTTP");
    assertThatThrownBy(() -> STRICT.check(remote("http://10.0.0.1:8080", null)))
        .isInstanceOf(InvalidInputException.class);
    assertThatCode(() -> new OutboundPolicy(CREDENTIALS, true).check(remote("http://10.0.0.1:8080", null)))
        .doesNotThrowAnyException();
    assertThatCode(() -> STRICT.check(new Remote("r", "p", null, null, true, null)))
        .doesNotThrowAnyException();
  }

  @Test
  void originsAreNormalised() {
    assertThat(CREDENTIALS.origins("east")).containsExactly("http://127.0.0.1:9080", "https://east.example");
    assertThat(CREDENTIALS.origins("nobody")).isEmpty();
  }
}
