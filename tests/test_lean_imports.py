"""spaCy and underthesea imported without the parts chitieu never uses (pipeline/nlp/lean_imports.py).

Each check runs in a fresh interpreter: the test process has long imported both.
"""

import json
import subprocess
import sys
import textwrap

SENTENCE = "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt 98%."


def run_fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON object as its last line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_spacy_imports_without_its_command_line_tools_which_stay_importable():
    got = run_fresh(
        """
        import json, sys
        import pipeline.nlp
        import spacy
        lean = {"cli_loaded": "spacy.cli" in sys.modules, "typer_loaded": "typer" in sys.modules}
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
        import spacy.cli
        print(json.dumps({**lean, "lang": nlp.lang, "download": callable(spacy.cli.download),
                          "version": spacy.info()["spacy_version"] == spacy.__version__}))
        """
    )
    assert got == {"cli_loaded": False, "typer_loaded": False, "lang": "vi", "download": True, "version": True}


def test_spacy_cli_as_an_attribute_is_there_when_asked_for():
    got = run_fresh(
        """
        import json
        import pipeline.nlp
        import spacy
        print(json.dumps({"has_cli": hasattr(spacy, "cli"), "download": callable(spacy.cli.download)}))
        """
    )
    assert got == {"has_cli": True, "download": True}


def test_underthesea_gives_word_tokenize_and_pos_tag_alone_and_every_other_name_on_demand():
    lean = run_fresh(
        f"""
        import json, sys
        import pipeline.nlp
        from underthesea import pos_tag, word_tokenize
        words, tags = word_tokenize({SENTENCE!r}), pos_tag({SENTENCE!r})
        loaded = sorted(m for m in ("underthesea.pipeline.ner", "underthesea.agent") if m in sys.modules)
        import underthesea
        from underthesea import ner
        print(json.dumps({{"words": words, "tags": tags, "loaded": loaded, "ner": callable(ner),
                           "all": len(underthesea.__all__), "version": underthesea.__version__}}))
        """
    )
    plain = run_fresh(
        f"""
        import json
        import underthesea
        from underthesea import pos_tag, word_tokenize
        print(json.dumps({{"words": word_tokenize({SENTENCE!r}), "tags": pos_tag({SENTENCE!r}),
                           "all": len(underthesea.__all__), "version": underthesea.__version__}}))
        """
    )
    assert lean["loaded"] == [] and lean["ner"]
    assert "tỷ lệ" in lean["words"]
    assert {k: lean[k] for k in plain} == plain


def test_the_bodies_gazetteer_needs_no_spacy_and_its_component_is_there_once_spacy_is():
    got = run_fresh(
        """
        import json, sys
        from pipeline.nlp.bodies import canonical_body
        body = canonical_body("UBND xã")["id"]
        without = "spacy" in sys.modules
        import spacy
        from spacy.language import Language
        print(json.dumps({"body": body, "spacy_loaded": without, "factory": "responsible_bodies" in Language.factories}))
        """
    )
    assert got == {"body": "ubnd-xa", "spacy_loaded": False, "factory": True}


def test_any_submodule_of_underthesea_or_spacy_imports_first_as_it_would_without_chitieu():
    got = run_fresh(
        """
        import json, sys
        import pipeline.nlp
        import underthesea.pipeline.ner
        import spacy.cli.download
        from spacy.cli import download
        import underthesea
        print(json.dumps({"ner": callable(underthesea.pipeline.ner.ner), "top": callable(underthesea.ner),
                          "download": callable(download), "cli_real": hasattr(sys.modules["spacy.cli"], "app"),
                          "resources": (__import__("importlib.resources").resources.files("spacy") / "about.py").is_file()}))
        """
    )
    assert got == {"ner": True, "top": True, "download": True, "cli_real": True, "resources": True}


def test_another_layout_of_spacy_or_underthesea_is_imported_as_it_is():
    """As with a later version that moved things: spaCy's __init__ fails with the placeholders,
    underthesea's word_tokenize is not in the module it was: both fall back to the plain import,
    and the bodies component is still registered."""
    got = run_fresh(
        f"""
        import json, sys, types
        from pipeline.nlp import lean_imports
        lean_imports._spacy_placeholders = lambda spacy: sys.modules.update({{"spacy.cli": types.ModuleType("spacy.cli")}}) or {{"spacy.cli": sys.modules["spacy.cli"]}}
        lean_imports.UNDERTHESEA_NAMES["word_tokenize"] = ("underthesea.no_such_module",)
        import pipeline.nlp.bodies
        import spacy
        from spacy.language import Language
        from underthesea import word_tokenize
        print(json.dumps({{"words": word_tokenize({SENTENCE!r}), "cli_real": hasattr(sys.modules["spacy.cli"], "app"),
                          "info": spacy.info()["spacy_version"] == spacy.__version__,
                          "factory": "responsible_bodies" in Language.factories}}))
        """
    )
    assert "tỷ lệ" in got["words"]
    assert {k: got[k] for k in ("cli_real", "info", "factory")} == {"cli_real": True, "info": True, "factory": True}
