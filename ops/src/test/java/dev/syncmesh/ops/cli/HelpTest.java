package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.ops.Main;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Help says what every argument is, and {@code node --help} every variable a node reads. */
class HelpTest {
  private final Cli cli = new Cli("http://127.0.0.1:9");

  @Test
  void everyPositionalArgumentIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    walk(Main.commandLine(CommandLine.defaultFactory()), undescribed, seen);

    assertThat(seen).as("positional arguments found").hasSizeGreaterThan(40);
    assertThat(undescribed).isEmpty();
  }

  private static void walk(CommandLine command, List<String> undescribed, List<String> seen) {
    for (PositionalParamSpec positional : command.getCommandSpec().positionalParameters()) {
      String where = command.getCommandSpec().qualifiedName() + " " + positional.paramLabel();
      seen.add(where);
      if (String.join("", positional.description()).isBlank()) {
        undescribed.add(where);
      }
    }
    command.getSubcommands().values().forEach(sub -> walk(sub, undescribed, seen));
  }

  @Test
  void nodeHelpListsEveryVariableTheNodesConfigurationReads() throws IOException {
    Set<String> read = new TreeSet<>();
    for (String file : includes("application.conf")) {
      Matcher variable = Pattern.compile("\\$\\{\\?(SYNCMESH_[A-Z0-9_]+)}").matcher(resource(file));
      while (variable.find()) {
        read.add(variable.group(1));
      }
    }
    assertThat(read).contains("SYNCMESH_DATA", "SYNCMESH_DB_URL", "SYNCMESH_FEDERATION_TRUST_STORE");

    var help = cli.runExactly("node", "--help");

    assertThat(help.exit()).isZero();
    for (String variable : read) {
      assertThat(help.out()).as(variable).containsPattern("(?m)^  " + variable + " +\\S");
    }
    assertThat(help.out()).contains("SYNCMESH_CREDENTIAL_<NAME>", "SYNCMESH_JAVA_OPTS");
    assertThat(help.out()).doesNotContain("syncmesh help exit-codes");
  }

  /** The files application.conf includes: the node's whole configuration. */
  private static List<String> includes(String file) throws IOException {
    List<String> files = new ArrayList<>();
    Matcher include = Pattern.compile("(?m)^include \"(.+)\"").matcher(resource(file));
    while (include.find()) {
      files.add(include.group(1));
    }
    assertThat(files).contains("syncmesh.conf", "federation.conf");
    return files;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HelpTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
