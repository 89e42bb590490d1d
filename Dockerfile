# Inference Playground as a Hugging Face Space (sdk: docker, app_port: 7860).
# The install steps use the same files as CI: packages.txt, requirements.txt,
# requirements-nodeps.txt and requirements-llm.txt.

# Stage 1: compile llama-cpp-python (source only on PyPI) into a wheel, so the final image
# carries no compiler.
FROM python:3.11-slim-bookworm AS llama-build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake \
    && rm -rf /var/lib/apt/lists/*
COPY requirements-llm.txt /tmp/
RUN grep '^llama-cpp-python==' /tmp/requirements-llm.txt > /tmp/llama.txt \
    && CMAKE_BUILD_PARALLEL_LEVEL=2 pip wheel --no-cache-dir --no-deps -r /tmp/llama.txt -w /wheels

# Stage 2: the app.
FROM python:3.11-slim-bookworm
# Public mode by default: visitors can't reach private addresses, calls are capped, and each
# visitor has a fair share and a budget on HF_TOKEN. A host who trusts every visitor turns it
# off explicitly with the Space variable PLAYGROUND_PUBLIC=0.
ENV PLAYGROUND_PUBLIC=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GRADIO_ANALYTICS_ENABLED=False \
    HF_HUB_DISABLE_TELEMETRY=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

COPY packages.txt packages-extra.txt /tmp/
# hadolint ignore=DL3008,SC2046
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
       $(sed 's/#.*//' /tmp/packages.txt /tmp/packages-extra.txt) \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt requirements-nodeps.txt requirements-llm.txt /tmp/
COPY --from=llama-build /wheels /wheels
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && pip install --no-cache-dir --no-deps -r /tmp/requirements-nodeps.txt \
    && pip install --no-cache-dir --find-links /wheels -r /tmp/requirements-llm.txt \
    && rm -rf /wheels

RUN useradd --create-home --uid 1000 user
USER 1000
ENV HOME=/home/user
WORKDIR /home/user/app
COPY --chown=1000:1000 . .

EXPOSE 7860
CMD ["python", "app.py", "--host", "0.0.0.0", "--port", "7860"]
