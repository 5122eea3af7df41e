package org.libertas.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalisation examples across scripts and legal forms; the legal forms come from the fixture. */
class NameNormaliserTest {

  private final NameNormaliser normaliser = LegalFormsFixture.normaliser();

  private String text(String name) {
    return normaliser.normalise(name).text();
  }

  @Test
  void legalFormsInManyLanguagesAreRemoved() {
    assertThat(text("Golden Bridge Manpower Co., Ltd.")).isEqualTo("bridge golden manpower");
    assertThat(text("Golden Bridge Manpower Company Limited")).isEqualTo("bridge golden manpower");
    assertThat(text("GOLDEN BRIDGE MANPOWER CO.,LTD")).isEqualTo("bridge golden manpower");
    assertThat(text("Golden Bridge Manpower Co.Ltd")).isEqualTo("bridge golden manpower");
    assertThat(text("Everest Overseas (Pvt.) Ltd.")).isEqualTo("everest overseas");
    assertThat(text("Everest Overseas Private Limited")).isEqualTo("everest overseas");
    assertThat(text("PT Sinar Harapan Tbk")).isEqualTo("harapan sinar");
    assertThat(text("Harapan Maju Sdn. Bhd.")).isEqualTo("harapan maju");
    assertThat(text("Pesquera Andina S.A.C.")).isEqualTo("andina pesquera");
    assertThat(text("Textil Sur S.R.L.")).isEqualTo("sur textil");
    assertThat(text("Nordwind GmbH")).isEqualTo("nordwind");
    assertThat(text("Société Générale S.A.")).isEqualTo("generale societe");
    assertThat(text("Acme Holdings, LLC")).isEqualTo("acme holdings");
  }

  @Test
  void cyrillicIsRomanisedAndItsLegalFormRemoved() {
    assertThat(normaliser.normalise("ООО Золотой Мост").tokens())
        .containsExactly("most", "zolotoj");
    assertThat(text("ЗАО «Северный Берег»")).isEqualTo("bereg severnyj");
  }

  @Test
  void chineseBecomesPinyinWithoutLegalForm() {
    assertThat(normaliser.normalise("合盛硅业股份有限公司").tokens())
        .containsExactly("gui", "he", "sheng", "ye");
    assertThat(text("合盛硅业有限公司")).isEqualTo(text("合盛硅业股份有限公司"));
  }

  @Test
  void thaiIsRomanisedWordByWordAndItsLegalFormRemoved() {
    String spaced = text("บริษัท สยามซีฟู้ด จำกัด");
    String unspaced = text("บริษัทสยามซีฟู้ดจำกัด (มหาชน)");
    assertThat(spaced).matches("[a-z ]+").doesNotContain("cakad").doesNotContain("brisath");
    assertThat(unspaced).isEqualTo(spaced);
  }

  @Test
  void arabicIsRomanisedAndItsLegalFormRemoved() {
    String name = text("شركة النور للتوظيف ذ.م.م");
    assertThat(name).matches("[a-z ]+").isEqualTo(text("النور للتوظيف المحدودة"));
    assertThat(normaliser.normalise("شركة النور للتوظيف ذ.م.م").tokens()).hasSize(2);
  }

  @Test
  void tokenOrderCaseWidthAndPunctuationDoNotMatter() {
    assertThat(text("Bridge-Golden, manpower")).isEqualTo(text("golden bridge MANPOWER"));
    assertThat(text("ＧＯＬＤＥＮ　ＢＲＩＤＧＥ")).isEqualTo("bridge golden");
    assertThat(text("A.B.C. Trading")).isEqualTo("abc trading");
  }

  @Test
  void aNameThatIsOnlyALegalFormKeepsItsTokens() {
    assertThat(normaliser.normalise("Company Limited").tokens())
        .containsExactly("company", "limited");
    assertThat(normaliser.normalise("  ").isEmpty()).isTrue();
    assertThat(normaliser.normalise(null).isEmpty()).isTrue();
  }

  @Test
  void legalFormsAreWholeTokenSequencesOnly() {
    // "co" is a form, "cotton" and "costa" are not; "limited" alone is a form, "unlimited" is not.
    assertThat(text("Costa Cotton Unlimited Co")).isEqualTo("costa cotton unlimited");
  }

  @Test
  void legalFormsAreData() {
    NameNormaliser none = new NameNormaliser(List.of());
    assertThat(none.normalise("Golden Bridge Co., Ltd.").tokens())
        .containsExactly("bridge", "co", "golden", "ltd");
  }

  @Test
  void identifierKeysIgnoreCaseSpacingAndPunctuation() {
    assertThat(NameNormaliser.identifierKey("NP-1134/2071"))
        .isEqualTo(NameNormaliser.identifierKey(" np 1134 2071 "))
        .isEqualTo("np11342071");
    assertThat(NameNormaliser.identifierKey("--")).isEmpty();
    assertThat(NameNormaliser.identifierKey(null)).isEmpty();
  }
}
