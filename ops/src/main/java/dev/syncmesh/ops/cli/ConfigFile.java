package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.syncmesh.ops.cli.ClientConfig.Context;
import dev.syncmesh.ops.cli.ClientConfig.TokenSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The config file's TOML, read with Jackson's TOML module and written whole to a temporary file
 * moved over the old one, so that a reader never sees half a file:
 *
 * <pre>
 * current-context = "prod"
 *
 * [contexts.prod]
 * url = "https://node1.example.com:8443"
 * token-env = "PROD_SYNCMESH_TOKEN"      # or token-file = "~/.secrets/prod-token"
 * </pre>
 */
final class ConfigFile {
  private static final TomlMapper TOML = new TomlMapper();
  private static final List<String> TOP = List.of("current-context", "contexts");
  private static final List<String> KEYS = List.of("url", "token-env", "token-file", "token");

  private final Path file;
  private final String[] lines;
  private final String home;

  private ConfigFile(Path file, String text, String home) {
    this.file = file;
    this.lines = text.split("\r?\n", -1);
    this.home = home;
  }

  /** The config in {@code file}; a file that is not TOML or not a config is refused (exit 6). */
  static ClientConfig read(Path file, String home) throws CliException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw CliException.invalid("unreadable config file", "cannot read " + file);
    }
    ConfigFile config = new ConfigFile(file, text, home);
    try {
      return config.parse(TOML.readTree(text));
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw config.invalid(line, "not TOML: " + e.getOriginalMessage());
    }
  }

  private ClientConfig parse(JsonNode root) throws CliException {
    for (String key : names(root)) {
      if (!TOP.contains(key)) {
        throw invalid(line(null, key), "unknown setting " + key + " (current-context or contexts)");
      }
    }
    JsonNode tables = root.path("contexts");
    if (!tables.isMissingNode() && !tables.isObject()) {
      throw invalid(line(null, "contexts"), "contexts must be tables: [contexts.NAME]");
    }
    Map<String, Context> contexts = new LinkedHashMap<>();
    for (String name : names(tables)) {
      contexts.put(name, context(name, tables.get(name)));
    }
    JsonNode current = root.path("current-context");
    if (current.isMissingNode()) {
      return new ClientConfig(file, null, contexts);
    }
    if (!current.isTextual() || !contexts.containsKey(current.asText())) {
      throw invalid(
          line(null, "current-context"),
          "current-context names no context here: " + current + " (syncmesh context use NAME)");
    }
    return new ClientConfig(file, current.asText(), contexts);
  }

  private Context context(String name, JsonNode table) throws CliException {
    if (!ClientConfig.validName(name)) {
      throw invalid(line(name, null), "context name " + name + ": " + ContextCommands.NAME_RULE);
    }
    if (!table.isObject()) {
      throw invalid(line(name, null), "contexts." + name + " must be a table with a url");
    }
    List<String> tokens = new ArrayList<>();
    for (String key : names(table)) {
      if (!KEYS.contains(key)) {
        throw invalid(line(name, key), "unknown key " + key + " in contexts." + name + " (" + String.join(", ", KEYS) + ")");
      }
      if (!table.get(key).isTextual()) {
        throw invalid(line(name, key), "contexts." + name + "." + key + " must be a string");
      }
      if (key.startsWith("token")) {
        tokens.add(key);
      }
    }
    if (tokens.size() > 1) {
      throw invalid(line(name, tokens.get(1)), "contexts." + name + " has " + String.join(" and ", tokens) + ": give one");
    }
    String url = table.path("url").asText("");
    try {
      ClientTarget.parseUrl(url);
    } catch (IllegalArgumentException e) {
      throw invalid(line(name, "url"), "contexts." + name + ".url '" + url + "' is not an http(s) URL");
    }
    return new Context(name, url, tokens.isEmpty() ? new ClientConfig.NoToken() : token(name, tokens.get(0), table));
  }

  private TokenSource token(String name, String key, JsonNode table) throws CliException {
    String value = table.get(key).asText();
    return switch (key) {
      case "token-env" -> {
        if (!ClientConfig.validVariable(value)) {
          throw invalid(line(name, key), "contexts." + name + ".token-env '" + value + "' is not a variable's name");
        }
        yield new ClientConfig.TokenEnv(value);
      }
      case "token-file" -> new ClientConfig.TokenFile(tokenPath(value));
      default -> new ClientConfig.InlineToken(value, file, readableByOthers(file));
    };
  }

  /** {@code ~/} is the home folder; a relative path is the config file's folder's. */
  private Path tokenPath(String value) {
    if (value.equals("~") || value.startsWith("~/")) {
      return Path.of(home, value.substring(1).replaceFirst("^/", ""));
    }
    Path folder = file.toAbsolutePath().getParent();
    return folder.resolve(value).normalize();
  }

  private static boolean readableByOthers(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      return permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private CliException invalid(int line, String problem) {
    String where = line > 0 ? file + " line " + line : file.toString();
    return CliException.invalid("invalid config file", where + ": " + problem);
  }

  /**
   * Where a setting is, for the error (the tree Jackson answers keeps no positions): the line of
   * {@code key =} at the top ({@code context} null) or in {@code [contexts.<context>]}, or of the
   * table's header when {@code key} is null; 0 when it is written some other way.
   */
  private int line(String context, String key) {
    int from = 0;
    if (context != null) {
      Pattern header = Pattern.compile("\\s*\\[\\s*contexts\\s*\\.\\s*[\"']?" + Pattern.quote(context) + "[\"']?\\s*]\\s*(#.*)?");
      from = find(header, 0);
      if (from == 0 || key == null) {
        return from;
      }
    }
    return find(Pattern.compile("\\s*[\"']?" + Pattern.quote(key) + "[\"']?\\s*=.*"), from);
  }

  private int find(Pattern pattern, int after) {
    for (int i = after; i < lines.length; i++) {
      if (pattern.matcher(lines[i]).matches()) {
        return i + 1;
      }
    }
    return 0;
  }

  /** Writes {@code config} to its file, keeping it readable by its owner alone. */
  static void write(ClientConfig config) throws CliException {
    StringBuilder text = new StringBuilder();
    text.append("# SyncMesh client contexts (syncmesh context --help).\n");
    text.append("# syncmesh context add|use|remove rewrite this file and do not keep comments.\n");
    if (config.current() != null) {
      text.append(setting("current-context", config.current()));
    }
    for (Context context : config.contexts().values()) {
      text.append("\n[contexts.").append(context.name()).append("]\n");
      text.append(setting("url", context.url()));
      TokenSource token = context.token();
      if (token instanceof ClientConfig.TokenEnv env) {
        text.append(setting("token-env", env.variable()));
      } else if (token instanceof ClientConfig.TokenFile tokenFile) {
        text.append(setting("token-file", tokenFile.path().toString()));
      } else if (token instanceof ClientConfig.InlineToken inline) {
        text.append(setting("token", inline.token()));
      }
    }
    Path target = config.file().toAbsolutePath();
    try {
      // Through a symbolic link (a dotfiles checkout), the file it points at is rewritten.
      if (Files.isSymbolicLink(target)) {
        target = target.toRealPath();
      }
      replace(target, text.toString());
    } catch (IOException e) {
      throw new CliException(ExitCodes.INTERNAL, "cannot write config file", target + ": " + e);
    }
  }

  /** One {@code key = 'value'} line, quoted by Jackson. */
  private static String setting(String key, String value) {
    try {
      return TOML.writeValueAsString(Map.of(key, value));
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write " + key + " as TOML", e);
    }
  }

  private static void replace(Path target, String text) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path folder = target.getParent();
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, posix ? ownerOnly("rwx------") : new FileAttribute<?>[0]);
    }
    Path temp =
        Files.createTempFile(
            folder, "." + target.getFileName() + ".", ".tmp", posix ? ownerOnly("rw-------") : new FileAttribute<?>[0]);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(StandardCharsets.UTF_8.encode(text));
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }
}
