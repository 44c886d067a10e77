package dev.syncmesh.merge;

import static dev.syncmesh.merge.Json.node;
import static dev.syncmesh.merge.Json.record;
import static dev.syncmesh.merge.Json.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario runs with every strategy. Columns: base, ours, theirs ("-" is an absent record),
 * the merged value with OURS (and, tentatively, with no strategy), the merged value with THEIRS
 * ("=" when it is the same), and the conflicting fields.
 */
class FieldMergeTest {
  private static final RecordKey KEY = new RecordKey("issues", "I-1");
  private static final FieldMerge MERGE = new FieldMerge();

  private static final String SCENARIOS =
      """
      unchanged                 | {a:1}          | {a:1}          | {a:1}          | {a:1}             | =                 |
      same change on both sides | {a:1}          | {a:2}          | {a:2}          | {a:2}             | =                 |
      changed by us only        | {a:1,b:1}      | {a:2,b:1}      | {a:1,b:1}      | {a:2,b:1}         | =                 |
      changed by them only      | {a:1,b:1}      | {a:1,b:1}      | {a:1,b:3}      | {a:1,b:3}         | =                 |
      different fields changed  | {a:1,b:1}      | {a:2,b:1}      | {a:1,b:2}      | {a:2,b:2}         | =                 |
      field added by one side   | {a:1}          | {a:1,n:'x'}    | {a:2}          | {a:2,n:'x'}       | =                 |
      field removed by one side | {a:1,b:1}      | {a:1}          | {a:2,b:1}      | {a:2}             | =                 |
      field removed by both     | {a:1,b:1,c:1}  | {b:2,c:1}      | {b:1,c:2}      | {b:2,c:2}         | =                 |
      same field added by both  | {a:1}          | {a:1,n:5,x:1}  | {a:1,n:5,y:1}  | {a:1,n:5,x:1,y:1} | =                 |
      every field removed       | {a:1,b:1}      | {b:1}          | {a:1}          | {}                | =                 |
      same number, other text   | {a:1}          | {a:1.0,b:2}    | {a:1,c:3}      | {a:1,b:2,c:3}     | =                 |
      field changed differently | {a:1,b:1}      | {a:2,b:1}      | {a:3,b:1}      | {a:2,b:1}         | {a:3,b:1}         | a
      changed and removed       | {a:1,b:1}      | {a:2,b:1}      | {b:1}          | {a:2,b:1}         | {b:1}             | a
      set to null and removed   | {a:1,b:1}      | {a:null,b:1}   | {b:1}          | {a:null,b:1}      | {b:1}             | a
      added differently         | {a:1}          | {a:1,n:1}      | {a:1,n:2}      | {a:1,n:1}         | {a:1,n:2}         | n
      nested values are a field | {a:{x:1,y:1}}  | {a:{x:2,y:1}}  | {a:{x:1,y:2}}  | {a:{x:2,y:1}}     | {a:{x:1,y:2}}     | a
      several conflicts         | {a:1,b:1,c:1}  | {a:2,b:2,c:2}  | {a:3,b:3,c:1}  | {a:2,b:2,c:2}     | {a:3,b:3,c:2}     | a,b
      added by both, no base    | -              | {a:1,b:1}      | {a:1,c:1}      | {a:1,b:1,c:1}     | =                 |
      added by both, same       | -              | {a:1}          | {a:1}          | {a:1}             | =                 |
      added by both, differing  | -              | {a:1,b:1}      | {a:2,b:1}      | {a:1,b:1}         | {a:2,b:1}         | a
      added by us only          | -              | {a:1}          | -              | {a:1}             | =                 |
      added by them only        | -              | -              | {a:1}          | {a:1}             | =                 |
      deleted by both           | {a:1}          | -              | -              | -                 | =                 |
      deleted by us only        | {a:1}          | -              | {a:1}          | -                 | =                 |
      deleted by them only      | {a:1}          | {a:1}          | -              | -                 | =                 |
      we delete, they modify    | {a:1}          | -              | {a:2}          | -                 | {a:2}             | *
      we modify, they delete    | {a:1}          | {a:1,b:1}      | -              | {a:1,b:1}         | -                 | *
      """;

  record Scenario(
      String name, String base, String ours, String theirs, String withOurs, String withTheirs,
      List<String> conflicts) {
    static Scenario parse(String line) {
      String[] c = Arrays.stream(line.split("\\|", -1)).map(String::trim).toArray(String[]::new);
      List<String> conflicts = c[6].isEmpty() ? List.of() : List.of(c[6].split(","));
      return new Scenario(c[0], c[1], c[2], c[3], c[4], c[5].equals("=") ? c[4] : c[5], conflicts);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> everyScenarioWithEveryStrategy() {
    List<MergeStrategy> strategies = new ArrayList<>(Arrays.asList(MergeStrategy.values()));
    strategies.add(0, null);
    return SCENARIOS.lines()
        .map(Scenario::parse)
        .flatMap(s -> strategies.stream().map(strategy -> Arguments.of(s, strategy)));
  }

  @ParameterizedTest(name = "{0}, strategy {1}")
  @MethodSource("everyScenarioWithEveryStrategy")
  void scenario(Scenario s, MergeStrategy strategy) {
    Optional<ObjectNode> base = record(s.base());
    Optional<ObjectNode> ours = record(s.ours());
    Optional<ObjectNode> theirs = record(s.theirs());
    RecordMerge result = MERGE.merge(base, ours, theirs, KEY, strategy);

    String expected = strategy == MergeStrategy.THEIRS ? s.withTheirs() : s.withOurs();
    assertThat(show(result.value())).isEqualTo(show(record(expected)));
    assertThat(result.key()).isEqualTo(KEY);
    assertThat(result.conflicts())
        .extracting(Conflict::field)
        .containsExactlyElementsOf(s.conflicts());
    for (Conflict conflict : result.conflicts()) {
      assertThat(conflict.key()).isEqualTo(KEY);
      assertThat(show(conflict.base())).isEqualTo(show(side(base, conflict.field())));
      assertThat(show(conflict.ours())).isEqualTo(show(side(ours, conflict.field())));
      assertThat(show(conflict.theirs())).isEqualTo(show(side(theirs, conflict.field())));
    }
    if (s.conflicts().isEmpty()) {
      assertThat(result.status()).isEqualTo(RecordMerge.Status.CLEAN);
    } else if (strategy == null) {
      assertThat(result.status()).isEqualTo(RecordMerge.Status.CONFLICTED);
      assertThat(result.unresolved()).isEqualTo(result.conflicts());
    } else {
      assertThat(result.status()).isEqualTo(RecordMerge.Status.RESOLVED);
      assertThat(result.conflictsResolved()).isTrue();
      List<Resolution> choices =
          result.conflicts().stream()
              .map(c -> Resolution.byStrategy(KEY, c.field(), strategy))
              .toList();
      RecordMerge replayed = MERGE.resolve(base, ours, theirs, KEY, choices);
      assertThat(show(replayed.value())).isEqualTo(show(result.value()));
      assertThat(replayed.status()).isEqualTo(RecordMerge.Status.RESOLVED);
    }
  }

  private static JsonNode side(Optional<ObjectNode> record, String field) {
    if (field.equals(Conflict.RECORD)) {
      return record.orElse(null);
    }
    return record.map(r -> r.get(field)).orElse(null);
  }

  @Test
  void givenValuesResolveFieldsAndPartialChoicesLeaveTheRestOpen() {
    var base = record("{a:1,b:1,c:1}");
    var ours = record("{a:2,b:2,c:2}");
    var theirs = record("{a:3,b:3,c:3}");
    List<Resolution> choices =
        List.of(
            Resolution.value(KEY, "a", node("{z:1}")),
            Resolution.value(KEY, "b", null),
            Resolution.theirs(new RecordKey("issues", "other"), "c"),
            Resolution.theirs(KEY, "no-such-conflict"));
    RecordMerge result = MERGE.resolve(base, ours, theirs, KEY, choices);
    assertThat(show(result.value())).isEqualTo(show(record("{a:{z:1},c:2}")));
    assertThat(result.status()).isEqualTo(RecordMerge.Status.CONFLICTED);
    assertThat(result.unresolved()).extracting(Conflict::field).containsExactly("c");

    RecordMerge done =
        MERGE.resolve(
            base, ours, theirs, KEY,
            List.of(
                Resolution.value(KEY, "a", NullNode.getInstance()),
                Resolution.ours(KEY, "b"),
                Resolution.theirs(KEY, "c")));
    assertThat(show(done.value())).isEqualTo(show(record("{a:null,b:2,c:3}")));
    assertThat(done.conflictsResolved()).isTrue();
  }

  @Test
  void givenWholeRecordsResolveDeleteVersusModify() {
    var base = record("{a:1}");
    var deleted = record("-");
    var modified = record("{a:2}");
    List<Resolution> replace = List.of(Resolution.value(KEY, "*", node("{b:9}")));
    RecordMerge replaced = MERGE.resolve(base, deleted, modified, KEY, replace);
    assertThat(show(replaced.value())).isEqualTo(show(record("{b:9}")));
    RecordMerge removed =
        MERGE.resolve(base, modified, deleted, KEY, List.of(Resolution.value(KEY, "*", null)));
    assertThat(removed.isDeletion()).isTrue();
    assertThat(removed.conflictsResolved()).isTrue();
  }

  @Test
  void twoChoicesForOneFieldAreABug() {
    var base = record("{a:1}");
    assertThatThrownBy(
            () ->
                MERGE.resolve(
                    base, record("{a:2}"), record("{a:3}"), KEY,
                    List.of(Resolution.ours(KEY, "a"), Resolution.theirs(KEY, "a"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
