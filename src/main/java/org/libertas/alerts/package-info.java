/** Webhooks: where they may point (SSRF policy), how events are signed, delivery with retries. */
package org.libertas.alerts;
