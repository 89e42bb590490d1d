# Inference Playground as a Hugging Face Space (sdk: docker, app_port: 7860).
# The install steps use the same files as CI: packages.txt, requirements.txt,
# requirements-nodeps.txt and requirements-llm.txt without llama-cpp-python (the chat model
# runs on xllamacpp's prebuilt wheel; llama-cpp-python would only add a compile stage).
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
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && pip install --no-cache-dir --no-deps -r /tmp/requirements-nodeps.txt \
    && grep -v '^llama-cpp-python==' /tmp/requirements-llm.txt > /tmp/heavy.txt \
    && pip install --no-cache-dir -r /tmp/heavy.txt

RUN useradd --create-home --uid 1000 user
USER 1000
ENV HOME=/home/user
WORKDIR /home/user/app
COPY --chown=1000:1000 . .

EXPOSE 7860
CMD ["python", "app.py", "--host", "0.0.0.0", "--port", "7860"]
