package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerNameTest {
  private static final String ALPHABET = "az09-_.A \u00e9";
  private static final String VALID = "az09-";
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

  /**
   * Names of up to 70 characters from an alphabet of valid and invalid ones. Half of them use valid
   * characters only (and maybe one invalid one), so that long valid names and names just over the
   * length limit come up as often as short ones.
   */
  @Seeds(1000)
  void acceptsExactlyTheSpecifiedPattern(Gen gen) {
    String name;
    if (gen.nextBoolean()) {
      name = gen.string(70, ALPHABET);
    } else {
      int length = gen.nextBoolean() ? gen.between(62, 65) : gen.between(1, 70);
      StringBuilder text = new StringBuilder();
      while (text.length() < length) {
        text.append(gen.pick(VALID));
      }
      if (gen.oneIn(3)) {
        text.setCharAt(gen.nextInt(length), gen.pick(ALPHABET));
      }
      name = text.toString();
    }
    checkPattern(name);
  }

  /** Every name of up to three characters of the alphabet. */
  @Test
  void acceptsExactlyTheSpecifiedPatternForShortNames() {
    List<String> names = new ArrayList<>(List.of(""));
    for (int length = 1; length <= 3; length++) {
      List<String> longer = new ArrayList<>();
      for (String name : names) {
        checkPattern(name);
        for (char c : ALPHABET.toCharArray()) {
          longer.add(name + c);
        }
      }
      names = longer;
    }
    names.forEach(PeerNameTest::checkPattern);
  }

  private static void checkPattern(String name) {
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
    assertThat(catchThrowable(() -> PeerName.of(name)))
        .as("refusal of '%s'", name)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.problem()).isEqualTo("invalid-peer-name");
              assertThat(e.getMessage()).contains("1 to 63 characters");
            });
  }
}
