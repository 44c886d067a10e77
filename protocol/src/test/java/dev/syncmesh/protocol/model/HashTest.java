package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {
  private static final String EMPTY_OBJECT_BLOB =
      "e6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da";

  @Property
  void bytesAndHexRoundTrip(@ForAll @Size(32) byte[] digest) {
    Hash hash = Hash.of(digest);

    assertThat(hash.bytes()).isEqualTo(digest);
    assertThat(hash.hex()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(Hash.parse(hash.hex())).isEqualTo(hash);
    assertThat(Hash.parse(hash.hex().toUpperCase(Locale.ROOT))).isEqualTo(hash);
    assertThat(hash.shortHex()).isEqualTo(hash.hex().substring(0, 12));
    assertThat(hash).hasToString(hash.hex());
  }

  @Property
  void ordersAsItsHexText(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    Hash x = Hash.of(a);
    Hash y = Hash.of(b);

    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(x.hex().compareTo(y.hex())));
  }

  @Test
  void objectsHashTheirKindCodeThenTheirBytes() {
    byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
    StoredObject blob = StoredObject.of(ObjectKind.BLOB, data);

    assertThat(blob.hash()).isEqualTo(Hash.parse(EMPTY_OBJECT_BLOB));
    assertThat(blob.verifies()).isTrue();
    assertThat(StoredObject.of(ObjectKind.COMMIT, data).hash()).isNotEqualTo(blob.hash());
    assertThat(new StoredObject(blob.hash(), ObjectKind.NODE, data).verifies()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0",
        "e6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005d",
        "e6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da0",
        "g6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da",
        "0xa9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da",
        " 6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da",
        "e6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005d-",
        "\u0660\u0661a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da",
        "ｅ6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da",
      })
  void refusesAnythingButSixtyFourHexDigits(String hex) {
    assertRefused(hex);
  }

  @Test
  void refusesNullAndWrongLengths() {
    assertRefused(null);
    assertThatThrownBy(() -> Hash.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(String hex) {
    assertThatThrownBy(() -> Hash.parse(hex))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.problem()).isEqualTo("invalid-hash");
              assertThat(e.getMessage()).contains("64 hexadecimal digits");
            });
  }
}
