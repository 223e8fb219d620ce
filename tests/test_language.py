"""Language identification: English prose is recognised by its commonest
words without the identifier; every other text still goes to it."""
import pytest

from ficarchive.structure import language

ENGLISH = ("She opened the door and looked out at the garden. There was nobody there, only the wind in "
           "the sheets on the line. 'Where is your brother?' her mother called from the stairs. She did "
           "not answer; she knew he had gone down to the river again, as he did every summer evening.")
OTHERS = {
    "es": "Ella abrió la puerta de la cocina y miró hacia el jardín. No había nadie, solo el viento que movía "
          "las sábanas tendidas. ¿Dónde está tu hermano?, preguntó su madre desde la escalera. Ella no "
          "respondió; sabía que él había ido al río otra vez, como todas las tardes de verano.",
    "fr": "Il faisait déjà nuit quand elle arriva enfin à la gare. Le dernier train était parti depuis longtemps "
          "et le quai était vide. Elle posa sa valise sur un banc et regarda les lumières de la ville au loin, "
          "en se demandant si elle avait bien fait de revenir.",
    "de": "Er hatte den Brief dreimal gelesen, bevor er ihn endlich in die Schublade legte. Draußen regnete es "
          "noch immer, und die Straße war leer. Was sollte er ihr nur sagen? Sie würde es ohnehin nicht "
          "verstehen, so wie sie ihn nie verstanden hatte.",
    "nl": "Ze liep langzaam over de brug en keek naar het water. Het was koud en de wind was sterk, maar ze had "
          "geen haast. Hij zou pas om acht uur komen, had hij gezegd, en het was nog maar zeven. Ze dacht aan "
          "de eerste keer dat ze hier samen waren.",
}


def test_english_prose_needs_no_identifier(monkeypatch):
    def refuse():
        raise AssertionError("the identifier was asked about plain English")
    monkeypatch.setattr(language, "_identifier", refuse)
    assert language.identify(ENGLISH) == "en"


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_still_go_to_the_identifier(code):
    assert not language._plainly_english(OTHERS[code])
    assert language.identify(OTHERS[code]) == code


def test_a_short_english_line_is_left_to_the_identifier():
    assert not language._plainly_english("The end of the day.")
