FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY classroom ./classroom
COPY content ./content
COPY attendance ./attendance
RUN pip install -c constraints.txt . && useradd --create-home classroom && mkdir -p /app/var && chown classroom /app/var
USER classroom
EXPOSE 8000
CMD ["sh", "-c", "classroom migrate && classroom serve --host 0.0.0.0 --port 8000 --workers ${CLASSROOM_WORKERS:-2}"]
