package dev.syncmesh.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line holds only the command a call names (start-up), and all of them for help. */
class MainTest {
  private static final CommandLine.IFactory FACTORY = CommandLine.defaultFactory();

  @Test
  void aCallNamingACommandGetsOnlyThatOne() {
    assertThat(Main.commandLine(FACTORY, "peer").getSubcommands()).containsOnlyKeys("peer");
    assertThat(Main.commandLine(FACTORY, "get").getSubcommands()).containsOnlyKeys("get");
    assertThat(Main.commandLine(FACTORY, "bench").getSubcommands()).containsOnlyKeys("bench");
    assertThat(Main.commandLine(FACTORY, "bench").getSubcommands().get("bench").getSubcommands())
        .containsKeys("merge", "writes", "cli");
  }

  @Test
  void helpNothingOrAnUnknownNameGetsEveryCommand() {
    for (String name : new String[] {"help", "", "--help", "pear"}) {
      assertThat(Main.commandLine(FACTORY, name).getSubcommands())
          .as(name)
          .containsKeys("help", "node", "peer", "get", "put", "sync", "import", "export", "bench")
          .hasSizeGreaterThan(30);
    }
    var unknown = new java.io.StringWriter();
    CommandLine cli = Main.commandLine(FACTORY, "pear");
    cli.setErr(new java.io.PrintWriter(unknown));
    assertThat(cli.execute("pear")).isEqualTo(2);
    assertThat(unknown.toString()).contains("Did you mean: syncmesh peer?");
  }
}
