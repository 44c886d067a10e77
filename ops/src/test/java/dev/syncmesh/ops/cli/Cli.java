package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.ops.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code syncmesh} in-process against a {@link FakeApi}, with its own environment. */
final class Cli {
  static final String TOKEN = "tok-very-SECRET-4711";

  record Run(int exit, String out, String err) {}

  private final String url;
  /** No config file of the user's: HOME is a folder that does not exist. */
  private final Map<String, String> env =
      new HashMap<>(Map.of("SYNCMESH_API_TOKEN", TOKEN, "HOME", "/nonexistent/syncmesh-test-home"));
  private String stdin = "";

  Cli(FakeApi api) {
    this(api.url());
  }

  Cli(String url) {
    this.url = url;
  }

  Cli env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  Cli stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** Runs the command with {@code --url} pointing at the fake API. */
  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(url);
    return runExactly(all.toArray(String[]::new));
  }

  Run runExactly(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var input = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    CommandLine cli = Main.commandLine(ClientOptions.factory(env, input));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    Run run = new Run(exit, out.toString(), err.toString());
    assertThat(run.out() + run.err()).as("output never shows the token").doesNotContain(TOKEN);
    return run;
  }
}
