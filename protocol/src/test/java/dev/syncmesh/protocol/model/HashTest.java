package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {
  private static final String EMPTY_OBJECT_BLOB =
      "e6a9d8dbd2b2941a6b6c47bf7910f0a6ee0b08d47c3462ab727ae2d73bc005da";

  @Seeds(1000)
  void bytesAndHexRoundTrip(Gen gen) {
    checkRoundTrip(digest(gen));
  }

  @Test
  void bytesAndHexRoundTripForUniformDigests() {
    for (int b : new int[] {0x00, 0x01, 0x0f, 0x10, 0x7f, 0x80, 0xfe, 0xff}) {
      byte[] digest = new byte[32];
      Arrays.fill(digest, (byte) b);
      checkRoundTrip(digest);
    }
  }

  private static void checkRoundTrip(byte[] digest) {
    Hash hash = Hash.of(digest);

    assertThat(hash.bytes()).isEqualTo(digest);
    assertThat(hash.hex()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(Hash.parse(hash.hex())).isEqualTo(hash);
    assertThat(Hash.parse(hash.hex().toUpperCase(Locale.ROOT))).isEqualTo(hash);
    assertThat(hash.shortHex()).isEqualTo(hash.hex().substring(0, 12));
    assertThat(hash).hasToString(hash.hex());
  }

  /** Two digests: unrelated, equal, or alike up to a random position (where ordering gets hard). */
  @Seeds(1000)
  void ordersAsItsHexText(Gen gen) {
    byte[] a = digest(gen);
    byte[] b = digest(gen);
    if (gen.oneIn(10)) {
      b = a.clone();
    } else if (gen.nextBoolean()) {
      int from = gen.nextInt(32);
      System.arraycopy(a, 0, b, 0, from);
      b[from] = gen.oneIn(2) ? (byte) (a[from] ^ 0x80) : b[from];
    }
    checkOrder(a, b);
  }

  @Test
  void ordersAsItsHexTextAcrossTheSignBit() {
    int[] bytes = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xff};
    for (int x : bytes) {
      for (int y : bytes) {
        for (int at : new int[] {0, 31}) {
          byte[] a = new byte[32];
          byte[] b = new byte[32];
          a[at] = (byte) x;
          b[at] = (byte) y;
          checkOrder(a, b);
        }
      }
    }
  }

  private static void checkOrder(byte[] a, byte[] b) {
    Hash x = Hash.of(a);
    Hash y = Hash.of(b);

    assertThat(Integer.signum(x.compareTo(y)))
        .as("%s vs %s", x, y)
        .isEqualTo(Integer.signum(x.hex().compareTo(y.hex())));
  }

  /** 32 random bytes, sometimes with runs of 0x00 or 0xff. */
  private static byte[] digest(Gen gen) {
    byte[] digest = gen.bytes(32);
    if (gen.oneIn(5)) {
      int from = gen.nextInt(32);
      Arrays.fill(digest, from, gen.between(from, 32), gen.pick((byte) 0, (byte) -1));
    }
    return digest;
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
