package dev.syncmesh.node;

import dev.syncmesh.cluster.ClusterOverview;
import dev.syncmesh.cluster.SessionRegistry;
import dev.syncmesh.federation.PackLimits;
import dev.syncmesh.feed.ChangeFeed;
import dev.syncmesh.feed.FeedService;
import dev.syncmesh.feed.FeedSettings;
import dev.syncmesh.gc.GarbageCollector;
import dev.syncmesh.gc.GcMeters;
import dev.syncmesh.gc.GcSchedule;
import dev.syncmesh.gc.GcService;
import dev.syncmesh.gc.GcSettings;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.http.ClusterRoutes;
import dev.syncmesh.http.DataRoutes;
import dev.syncmesh.http.FederationRoutes;
import dev.syncmesh.http.FeedRoutes;
import dev.syncmesh.http.GcRoutes;
import dev.syncmesh.http.OpenApiRoutes;
import dev.syncmesh.http.UiRoutes;
import dev.syncmesh.http.PeerRoutes;
import dev.syncmesh.http.SyncRoutes;
import dev.syncmesh.peer.PeerEntity;
import dev.syncmesh.peer.PeerService;
import dev.syncmesh.peer.PeerSettings;
import dev.syncmesh.peer.Workspace;
import dev.syncmesh.peer.JdbcWakeList;
import dev.syncmesh.peer.WakeList;
import dev.syncmesh.peer.PeerWaker;
import dev.syncmesh.peer.PeerDirectory;
import dev.syncmesh.peer.StoredPeers;
import dev.syncmesh.peer.JournalHistory;
import dev.syncmesh.peer.PeerReader;
import dev.syncmesh.peer.JsonLinesImport;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.remote.Credentials;
import dev.syncmesh.remote.FederationKit;
import dev.syncmesh.remote.FederationMeters;
import dev.syncmesh.remote.FederationService;
import dev.syncmesh.remote.FederationSettings;
import dev.syncmesh.remote.HttpRemoteLinks;
import dev.syncmesh.remote.OutboundPolicy;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.GroupCommitObjectStore;
import dev.syncmesh.store.H2Compaction;
import dev.syncmesh.store.JdbcObjectStore;
import dev.syncmesh.store.ObjectSweep;
import dev.syncmesh.store.StagedObjectStore;
import dev.syncmesh.sync.MeshLink;
import dev.syncmesh.sync.RemoteLinks;
import dev.syncmesh.sync.DryRun;
import dev.syncmesh.sync.RemotePolicy;
import dev.syncmesh.sync.SyncKit;
import dev.syncmesh.sync.SyncMerger;
import dev.syncmesh.sync.SyncService;
import dev.syncmesh.sync.SyncSettings;
import dev.syncmesh.tree.ProllyTree;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Peers on a node: opens the object store on the node's database once (its pool is closed when the
 * actor system stops), starts sharding for {@link PeerEntity} (with the node's registry of sessions
 * in flight), and serves the peer API, {@code GET /cluster} and the federation API; remotes in
 * other meshes are reached over HTTP.
 */
public final class PeerFeature implements NodeFeature {
  private static final Duration CLUSTER_ASK_TIMEOUT = Duration.ofSeconds(3);

  /** How long one import request may take: a large file streams in for a while. */
  private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(30);
  private final Credentials credentials;
  private final PackLimits packLimits;
  private Route federationRoute = Directives.reject();

  /** Peers whose remotes in other meshes use the credentials of this process's environment. */
  public PeerFeature() {
    this(Credentials.fromEnvironment());
  }

  /** Peers whose remotes in other meshes use {@code credentials} (tests give their own). */
  public PeerFeature(Credentials credentials) {
    this(credentials, PackLimits.DEFAULT);
  }

  /**
   * With packs bounded by {@code packLimits} both ways: tests make them small so that a transfer
   * takes several packs. Both meshes must use the same limits (a receiver refuses larger packs).
   */
  public PeerFeature(Credentials credentials, PackLimits packLimits) {
    this.credentials = credentials;
    this.packLimits = packLimits;
  }

  @Override
  public Route start(NodeContext node) {
    ActorSystem<Void> system = node.system();
    PeerSettings settings = PeerSettings.fromConfig(system.settings().config());
    Database database =
        Database.open(
            node.database(),
            settings.storePoolSize(),
            H2Compaction.fromConfig(system.settings().config()));
    node.readiness().watch("object store's database", database);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-object-store",
            () -> {
              database.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    MeterRegistry registry = NodeMetrics.get(system).registry();
    database.bindMetrics(registry);
    GcSettings gcSettings = GcSettings.fromConfig(system.settings().config());
    if (gcSettings.shortGrace()) {
      system
          .log()
          .warn(
              "syncmesh.gc.grace is {}, less than {}: a push or fetch resumed after that long may"
                  + " fail (its earlier parts may have been collected)",
              gcSettings.grace(),
              GcSettings.SAFE_GRACE);
    }
    JdbcObjectStore jdbcStore =
        new JdbcObjectStore(database, settings.caches().objectBytes(), gcSettings.trustWritten());
    jdbcStore.bindMetrics(registry);
    ObjectStore store = new GroupCommitObjectStore(jdbcStore);
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(PeerSettings.BLOCKING_DISPATCHER));
    // One tree and commit graph (one cache each) for the lanes, the sessions and the readers. Writes
    // pass straight through, except in a lane's batch or a merge, which write theirs in one call.
    StagedObjectStore staged = new StagedObjectStore(store);
    ProllyTree tree = new ProllyTree(staged, settings.caches().treeNodes());
    CommitGraph commits = new CommitGraph(staged, settings.caches().commitBytes());
    tree.bindMetrics(registry);
    commits.bindMetrics(registry);
    SyncSettings syncSettings = SyncSettings.fromConfig(system.settings().config());
    FederationSettings federationSettings =
        FederationSettings.fromConfig(system.settings().config());
    FederationKit federation =
        FederationKit.over(store, tree, commits, packLimits, FederationMeters.of(registry));
    Executor waiting =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(FederationSettings.DISPATCHER));
    Executor linkCalls =
        system.dispatchers().lookup(DispatcherSelector.fromConfig(FederationSettings.LINK_DISPATCHER));
    RemotePolicy remotes =
        new OutboundPolicy(
            credentials, system.settings().config().getBoolean("syncmesh.federation.allow-plain-http"));
    RemoteLinks links =
        links(
            system,
            syncSettings,
            new HttpRemoteLinks(
                federation, linkCalls, blocking, federationSettings, credentials, remotes));
    SyncKit sync =
        new SyncKit(
            links, new SyncMerger(staged, tree, commits, Clock.systemUTC()), blocking, syncSettings);
    ActorRef<SessionRegistry.Command> sessions =
        system.systemActorOf(SessionRegistry.create(sync.meters()), "syncmesh-sessions", Props.empty());
    WakeList wakeList = new JdbcWakeList(database);
    PeerEntity.init(
        system,
        new PeerEntity.Lane(
            new Workspace(staged, tree, commits, Clock.systemUTC(), remotes),
            blocking,
            settings,
            sync,
            sessions,
            wakeList));
    PeerWaker.init(system, wakeList, blocking, settings.waker());
    PeerReader reader = new PeerReader(store, tree, commits);
    PeerService peers = new PeerService(
            system, reader, new PeerDirectory(database), store, tree, blocking, settings.askTimeout());
    SyncService syncService =
        new SyncService(
            peers,
            store,
            commits,
            links,
            syncSettings,
            new DryRun(sync, tree),
            new JournalHistory(database, SerializationExtension.get(system)));
    federationRoute =
        new FederationRoutes(
                new FederationService(
                    peers,
                    node.settings().federationTokens(),
                    federation,
                    system,
                    waiting,
                    federationSettings.requestTimeout()),
                federationSettings.maxRequestBytes())
            .route();
    GcService gc =
        new GcService(
            new GarbageCollector(
                new StoredPeers(database, SerializationExtension.get(system)),
                new JdbcObjectStore(database, 0),
                new ObjectSweep(database),
                gcSettings.maxMarkBytes(),
                new GcMeters(registry)),
            gcSettings,
            blocking);
    GcSchedule.init(system, gc);
    FeedService feed =
        new FeedService(
            peers,
            new ChangeFeed(commits, reader),
            PersistenceQuery.get(system)
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier()),
            blocking);
    ClusterOverview cluster =
        new ClusterOverview(system, PeerEntity.ENTITY_TYPE_KEY.name(), CLUSTER_ASK_TIMEOUT);
    return Directives.concat(
        new PeerRoutes(peers).route(),
        new DataRoutes(
                peers,
                new JsonLinesImport(peers, store, tree, blocking),
                IMPORT_TIMEOUT)
            .route(),
        new SyncRoutes(syncService).route(),
        new FeedRoutes(feed, FeedSettings.fromConfig(system.settings().config()).heartbeat())
            .route(),
        new ClusterRoutes(cluster).route(),
        new GcRoutes(gc, syncSettings.waitTimeout()).route(),
        new OpenApiRoutes().route());
  }

  /** The federation API, {@code /federation/v1}, once started, and the dashboard, {@code /ui}. */
  @Override
  public Route rootRoute() {
    return Directives.concat(federationRoute, new UiRoutes().route());
  }

  /** Peers of this mesh through sharding; peers of other meshes over HTTP. */
  private static RemoteLinks links(
      ActorSystem<?> system, SyncSettings settings, HttpRemoteLinks federated) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return (peer, remote) ->
        remote.federated()
            ? federated.link(peer, remote)
            : new MeshLink(sharding, remote.peer(), settings.remoteTimeout());
  }
}
