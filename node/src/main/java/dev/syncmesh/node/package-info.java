/** The node's bootstrap: settings, the actor system on the journal's database, cluster, management, the HTTP server and {@code main}. */
package dev.syncmesh.node;
