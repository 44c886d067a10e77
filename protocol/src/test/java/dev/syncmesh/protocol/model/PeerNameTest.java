package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerNameTest {
  private static final String SIXTY_THREE = "a" + "-0".repeat(31);

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "z9", "9-", "team-a", "a--b", "0123456789", "abcdefghijklmnopqrstuvwxyz"})
  void acceptsLowerCaseLettersDigitsAndDashes(String name) {
    assertThat(PeerName.of(name).value()).isEqualTo(name);
    assertThat(PeerName.of(name)).hasToString(name);
  }

  @Test
  void acceptsSixtyThreeCharacters() {
    assertThat(SIXTY_THREE).hasSize(63);
    assertThat(PeerName.of(SIXTY_THREE).value()).isEqualTo(SIXTY_THREE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-a",
        "-",
        "A",
        "Team",
        "a_b",
        "a.b",
        "a b",
        " a",
        "a ",
        "a\n",
        "a/b",
        "é",
        "a\u0000",
        "ａ", // full-width a
      })
  void refusesAnythingElse(String name) {
    assertRefused(name);
  }

  @Test
  void refusesSixtyFourCharactersAndNull() {
    assertRefused(SIXTY_THREE + "0");
    assertRefused(null);
  }

  @Property
  void acceptsExactlyTheSpecifiedPattern(@ForAll @StringLength(max = 70) @Chars({'a', 'z', '0', '9', '-', '_', '.', 'A', ' ', '\u00e9'}) String name) {
    boolean valid = name.matches("[a-z0-9][a-z0-9-]{0,62}");
    if (valid) {
      assertThat(PeerName.of(name).value()).isEqualTo(name);
    } else {
      assertRefused(name);
    }
  }

  @Test
  void namesOrderAsTheirText() {
    assertThat(PeerName.of("a-b")).isLessThan(PeerName.of("ab")).isLessThan(PeerName.of("b"));
  }

  private static void assertRefused(String name) {
    assertThatThrownBy(() -> PeerName.of(name))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.problem()).isEqualTo("invalid-peer-name");
              assertThat(e.getMessage()).contains("1 to 63 characters");
            });
  }
}
