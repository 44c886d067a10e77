/** What every API route shares: JSON, problem+json errors, the API token, the sealed top-level route. */
package dev.syncmesh.http;
