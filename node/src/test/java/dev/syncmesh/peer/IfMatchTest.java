package dev.syncmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code If-Match} as RFC 9110 (sections 8.8.3 and 13.1.1) has it. */
class IfMatchTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final Optional<Hash> CURRENT = Optional.of(Hash.parse(A));

  @Test
  void aStrongTagMatchesItsRecordAndAListMatchesAnyOfIt() {
    assertThat(IfMatch.parse("\"" + A + "\"").holds(CURRENT)).isTrue();
    assertThat(IfMatch.parse("\"" + B + "\" , \"" + A + "\"").holds(CURRENT)).isTrue();
    assertThat(IfMatch.parse("\"" + B + "\"").holds(CURRENT)).isFalse();
    assertThat(IfMatch.parse("\"" + A + "\"").holds(Optional.empty())).isFalse();
  }

  @Test
  void starHoldsForAnyExistingRecord() {
    assertThat(IfMatch.parse(" * ").holds(CURRENT)).isTrue();
    assertThat(IfMatch.parse("*").holds(Optional.empty())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"v1\"", "W/\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "W/\"x\", \"v,2\"", "\"\"", ", \"v1\" ,"})
  void wellFormedTagsThatCannotMatchFailTheCondition(String header) {
    IfMatch condition = IfMatch.parse(header);
    assertThat(condition.holds(CURRENT)).isFalse();
    assertThat(condition.describe()).contains("no tag that can match");
  }

  @Test
  void aWeakTagBesideAStrongOneLeavesTheStrongOne() {
    assertThat(IfMatch.parse("W/\"" + A + "\", \"" + A + "\"").holds(CURRENT)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", "nonsense", "\"open", "\"a\" \"b\"", "W/x", "w/\"a\"", "\"a\"b", "**", "\"a\u0001\""})
  void malformedHeadersAreRefused(String header) {
    assertThatThrownBy(() -> IfMatch.parse(header))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("If-Match");
  }
}
