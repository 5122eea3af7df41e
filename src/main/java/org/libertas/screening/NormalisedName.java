package org.libertas.screening;

import java.util.List;

/**
 * A name reduced to what identifies it: Latin, lower case, no punctuation, no legal form, tokens in
 * sorted order so that word order does not matter.
 *
 * @param text the sorted tokens joined by single spaces
 * @param tokens the sorted tokens
 * @param letters the tokens in their original order joined without separators, so that words joined
 *     or split differently ("GoldenBridge", "Golden.Bridge", "Golden Bri dge") compare equal
 */
public record NormalisedName(String text, List<String> tokens, String letters) {

  public NormalisedName {
    tokens = List.copyOf(tokens);
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }
}
