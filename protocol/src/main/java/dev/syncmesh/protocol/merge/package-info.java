/** The vocabulary of merging: strategies, conflicts and the choices that resolve them. */
package dev.syncmesh.protocol.merge;
