/**
 * A score's path, top to bottom: per-tenant serial rescoring, the tenant's view, screening then
 * rules then the engine, the screening graph and matches written, then the scores, then listeners.
 */
package org.libertas.rescoring;
