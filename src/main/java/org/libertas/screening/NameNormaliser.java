package org.libertas.screening;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reduces a company or recruiter name to comparable tokens: NFKC with case folding, transliteration
 * of any script to ASCII Latin (Cyrillic, Han to pinyin, Thai, Arabic…), punctuation dropped, legal
 * forms removed, tokens sorted.
 *
 * <p>The legal forms are data (the ontology's {@code lbt:legalForm} list), handed in by the caller;
 * each form is normalised with the same pipeline, so {@code "Co., Ltd."}, {@code "ООО"} and {@code
 * "有限公司"} are matched as token sequences whatever script the name was written in. Thread-safe: ICU
 * transliterators keep per-call state, so each thread gets its own.
 */
public final class NameNormaliser {

  private static final String TRANSLITERATION = "Any-Latin; Latin-ASCII";
  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

  /** Legal forms as token sequences, indexed by first token, longest first. */
  private final Map<String, List<String[]>> legalForms;

  /**
   * Forms written in a script without word spaces (Thai…), longest first. They are cut out of the
   * native text before romanisation: word segmentation of บริษัทเจริญซีฟู้ดจำกัด is unreliable
   * around loanwords, so the form may never surface as tokens of its own.
   */
  private final List<String> unspacedForms;

  private final ThreadLocal<Transliterator> transliterator =
      ThreadLocal.withInitial(() -> Transliterator.getInstance(TRANSLITERATION));

  public NameNormaliser(Collection<String> legalForms) {
    this.unspacedForms =
        legalForms.stream()
            .map(NFKC_CASEFOLD::normalize)
            .map(String::strip)
            .filter(NameNormaliser::needsSegmentation)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    Map<String, List<String[]>> forms = new HashMap<>();
    for (String form : legalForms) {
      List<String> tokens = tokenise(form);
      if (!tokens.isEmpty()) {
        forms
            .computeIfAbsent(tokens.get(0), k -> new ArrayList<>())
            .add(tokens.toArray(String[]::new));
      }
    }
    forms
        .values()
        .forEach(l -> l.sort(Comparator.comparingInt((String[] a) -> a.length).reversed()));
    this.legalForms = Map.copyOf(forms);
  }

  /** Normalised name; empty when the input has no letters or digits. */
  public NormalisedName normalise(String name) {
    List<String> tokens = tokenise(name);
    List<String> kept = removeLegalForms(tokens);
    // A name that is nothing but a legal form ("Company Limited") keeps its tokens: an empty key
    // would match nothing, or everything.
    List<String> result = kept.isEmpty() ? tokens : kept;
    String letters = String.join("", result);
    Collections.sort(result);
    return new NormalisedName(String.join(" ", result), result, letters);
  }

  /**
   * Identifier key: case, whitespace and punctuation dropped, so {@code "NP-1134/2071"} and {@code
   * "np 1134 2071"} are equal. Empty when nothing is left.
   */
  public static String identifierKey(String identifier) {
    if (identifier == null) {
      return "";
    }
    String folded = NFKC_CASEFOLD.normalize(identifier);
    StringBuilder key = new StringBuilder(folded.length());
    folded.codePoints().filter(Character::isLetterOrDigit).forEach(key::appendCodePoint);
    return key.toString();
  }

  /** Folded, transliterated tokens in their original order, legal forms still present. */
  List<String> tokenise(String name) {
    List<String> tokens = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      return tokens;
    }
    String latin = toLatin(name);
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < latin.length(); ) {
      int cp = latin.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        token.appendCodePoint(cp);
      } else if (!joinsToken(cp)) {
        flush(token, tokens);
      }
    }
    flush(token, tokens);
    return tokens;
  }

  /** Dots and apostrophes glue ("S.A.C." is one token, "sac"); other punctuation separates. */
  private static boolean joinsToken(int cp) {
    return cp == '.' || cp == '\'' || cp == '’' || cp == 'ʼ' || cp == 'ʻ' || cp == '`';
  }

  private static void flush(StringBuilder token, List<String> tokens) {
    if (token.length() > 0) {
      tokens.add(token.toString());
      token.setLength(0);
    }
  }

  private String toLatin(String name) {
    if (isAscii(name)) {
      // Most names are ASCII already; ICU transliteration costs ~50 µs even when it changes
      // nothing.
      return name.toLowerCase(Locale.ROOT);
    }
    String folded = NFKC_CASEFOLD.normalize(name);
    Transliterator t = transliterator.get();
    String latin =
        needsSegmentation(folded)
            ? transliterateWords(removeUnspacedForms(folded), t)
            : t.transliterate(folded);
    return NFKC_CASEFOLD.normalize(latin);
  }

  private String removeUnspacedForms(String text) {
    String rest = text;
    for (String form : unspacedForms) {
      rest = rest.replace(form, " ");
    }
    // Same rule as for token forms: a name that is nothing but legal forms keeps them.
    return rest.codePoints().anyMatch(Character::isLetterOrDigit) ? rest : text;
  }

  /**
   * Thai (and Lao, Khmer, Myanmar) is written without spaces, and ICU's romanisation splits its
   * syllables differently depending on the neighbours: จำกัด comes out as "cakad" or "ca kad". Each
   * dictionary word is therefore romanised on its own and kept as one token.
   */
  private static String transliterateWords(String text, Transliterator t) {
    BreakIterator words = BreakIterator.getWordInstance(ULocale.ROOT);
    words.setText(text);
    StringBuilder out = new StringBuilder(text.length() * 2);
    for (int start = words.first(), end = words.next();
        end != BreakIterator.DONE;
        start = end, end = words.next()) {
      String word = text.substring(start, end);
      String latin = t.transliterate(word);
      out.append(needsSegmentation(word) ? latin.replace(" ", "") : latin).append(' ');
    }
    return out.toString();
  }

  private static boolean needsSegmentation(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int script = UScript.getScript(cp);
      if (script == UScript.THAI
          || script == UScript.LAO
          || script == UScript.KHMER
          || script == UScript.MYANMAR) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private List<String> removeLegalForms(List<String> tokens) {
    List<String> kept = new ArrayList<>(tokens.size());
    int i = 0;
    while (i < tokens.size()) {
      int length = legalFormAt(tokens, i);
      if (length > 0) {
        i += length;
      } else {
        kept.add(tokens.get(i++));
      }
    }
    return kept;
  }

  /** Length in tokens of the longest legal form starting at {@code start}, or 0. */
  private int legalFormAt(List<String> tokens, int start) {
    List<String[]> candidates = legalForms.get(tokens.get(start));
    if (candidates == null) {
      return 0;
    }
    for (String[] form : candidates) {
      if (start + form.length <= tokens.size() && matchesAt(tokens, start, form)) {
        return form.length;
      }
    }
    return 0;
  }

  private static boolean matchesAt(List<String> tokens, int start, String[] form) {
    for (int k = 1; k < form.length; k++) {
      if (!form[k].equals(tokens.get(start + k))) {
        return false;
      }
    }
    return true;
  }
}
