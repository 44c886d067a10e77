package dev.syncmesh.ops.cli;

import picocli.CommandLine.Option;

/**
 * A command that calls the mesh API of the node at {@code --url}. ({@code remote add|set} take
 * {@code --url} for the remote's URL, so they extend {@link ClientCommand} directly.)
 */
abstract class ApiCommand extends ClientCommand {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The node's base URL (default: $SYNCMESH_URL, else " + ClientOptions.DEFAULT_URL + ").")
  String url;

  @Override
  String nodeUrl() {
    return url;
  }
}
