/** Federation over HTTP: the federation API a node serves, and the link to a remote in another mesh. */
package dev.syncmesh.remote;
