/** The object store on a relational database (H2 embedded, or MySQL), its cache and its schema. */
package dev.syncmesh.store;
