/* The result page: polls the seed's /api?prediction_id=... until the prediction ends, then shows
   confidence bars (classifiers) or boxes over the image (detectors). */
'use strict';

(() => {
  const STATUS_TEXT = {
    0: 'No prediction with this id is known. It may have expired, or the link is wrong.',
    500: 'The prediction failed with a general error.',
    510: 'The model could not read this image (image not supported).',
    520: 'The prediction finished but its result could not be stored.',
    530: 'The image could not be saved, moved or deleted.',
    550: 'The model backend is not running or crashed.',
    560: 'The model needs an engine version this predictor does not support.',
    570: 'The model needs an engine this predictor does not support.',
  };
  const FIRST_DELAY_MS = 300;
  const MAX_DELAY_MS = 2000;
  const GIVE_UP_MS = 10 * 60 * 1000;

  const status = document.getElementById('status');
  const problemBox = document.getElementById('problem');
  const id = new URLSearchParams(window.location.search).get('id') || '';

  function setStatus(text, busy) {
    status.innerHTML = '';
    if (busy) {
      const spinner = document.createElement('span');
      spinner.className = 'spinner';
      spinner.setAttribute('aria-hidden', 'true');
      status.appendChild(spinner);
    }
    status.appendChild(document.createTextNode(text));
  }

  function finish(state, title, detail) {
    document.body.dataset.state = state;
    if (title) {
      setStatus('', false);
      dp.showProblem(problemBox, { title, detail });
    }
  }

  function clamp(value) {
    return Math.min(1, Math.max(0, Number(value) || 0));
  }

  function showImage() {
    const card = document.getElementById('picture-card');
    const image = document.getElementById('picture-image');
    card.hidden = false;
    image.onload = () => {
      // Tiny inputs (a 28x28 Fashion-MNIST item) are enlarged so they can be seen at all.
      image.classList.toggle('small', image.naturalWidth < 160);
    };
    image.onerror = () => {
      document.getElementById('picture').hidden = true;
      document.getElementById('picture-missing').hidden = false;
    };
    // The upload page keeps the picture for this tab; otherwise the API still has it.
    image.src = sessionStorage.getItem(dp.imageKey(id)) || `/api/v1/predictions/${encodeURIComponent(id)}/image`;
  }

  function showClasses(predictions) {
    const list = document.getElementById('classes');
    for (const p of predictions) {
      const item = document.createElement('li');
      item.className = 'class';
      item.dataset.className = p.class_name;
      item.dataset.confidence = String(p.confidence);
      const label = document.createElement('div');
      label.className = 'bar-label';
      const name = document.createElement('span');
      name.className = 'class-name';
      name.textContent = p.class_name;
      const value = document.createElement('span');
      value.textContent = dp.percent(p.confidence);
      label.append(name, value);
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.setAttribute('role', 'meter');
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', '100');
      bar.setAttribute('aria-valuenow', (p.confidence * 100).toFixed(1));
      bar.setAttribute('aria-label', `${p.class_name} confidence`);
      const fill = document.createElement('span');
      fill.style.width = `${clamp(p.confidence) * 100}%`;
      bar.appendChild(fill);
      item.append(label, bar);
      list.appendChild(item);
    }
    if (predictions.length) {
      document.getElementById('picture-image').alt =
        `The uploaded image; classified as ${predictions[0].class_name} ${dp.percent(predictions[0].confidence)}`;
    }
    document.getElementById('classes-card').hidden = false;
  }

  function showDetections(predictions) {
    const picture = document.getElementById('picture');
    const rows = document.getElementById('detections');
    const summary = [];
    for (const p of predictions) {
      const b = p.bbox;
      const left = clamp(b.cx - b.w / 2);
      const top = clamp(b.cy - b.h / 2);
      const box = document.createElement('div');
      box.className = top < 0.06 ? 'box low-top' : 'box';
      box.dataset.className = p.class_name;
      box.style.left = `${left * 100}%`;
      box.style.top = `${top * 100}%`;
      box.style.width = `${(clamp(b.cx + b.w / 2) - left) * 100}%`;
      box.style.height = `${(clamp(b.cy + b.h / 2) - top) * 100}%`;
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = `${p.class_name} ${dp.percent(p.confidence)}`;
      box.appendChild(tag);
      picture.appendChild(box);

      const row = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = p.class_name;
      const confidence = document.createElement('td');
      confidence.textContent = dp.percent(p.confidence);
      row.append(name, confidence);
      rows.appendChild(row);
      summary.push(`${p.class_name} ${dp.percent(p.confidence)}`);
    }
    document.getElementById('picture-image').alt = summary.length
      ? `The uploaded image; found: ${summary.join(', ')}` : 'The uploaded image; nothing found';
    document.getElementById('no-detections').hidden = predictions.length > 0;
    document.getElementById('detections-table').hidden = predictions.length === 0;
    document.getElementById('detections-card').hidden = false;
  }

  function showFacts(result) {
    const info = result.model_info || {};
    const frontendName = sessionStorage.getItem(dp.modelKey(id));
    const model = [frontendName, info.method && `${info.method} (id ${info.model_id})`].filter(Boolean).join(', ');
    document.getElementById('fact-id').textContent = id;
    document.getElementById('fact-model').textContent = model || 'unknown';
    document.getElementById('fact-backend').textContent = info.predictor_backend || 'unknown';
    document.getElementById('fact-time').textContent =
      typeof result.prediction_time === 'number' ? `${(result.prediction_time * 1000).toFixed(0)} ms` : '–';
    document.getElementById('facts-card').hidden = false;
  }

  function render(result) {
    const predictions = Array.isArray(result.predictions) ? result.predictions : [];
    const detector = predictions.some((p) => p.bbox);
    showImage();
    if (detector || (predictions.length === 0 && result.model_info)) {
      showDetections(predictions);
    } else {
      showClasses(predictions);
    }
    showFacts(result);
    setStatus('Done.', false);
    document.body.dataset.task = detector ? 'detection' : 'classification';
    finish('done');
  }

  async function poll(started, delay) {
    let result;
    try {
      result = await dp.getJson(`/api?prediction_id=${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status && error.status < 500) {
        finish('error', error.title, error.detail);
        return;
      }
      // The API may be restarting: keep trying, a little slower.
      result = { prediction_status: 100 };
    }
    const code = result.prediction_status;
    if (code === 200) {
      render(result);
    } else if (code === 100) {
      if (Date.now() - started > GIVE_UP_MS) {
        finish('error', 'Still predicting', 'The prediction is taking unusually long; reload this page to keep waiting.');
        return;
      }
      setStatus('Predicting…', true);
      setTimeout(() => poll(started, Math.min(MAX_DELAY_MS, delay * 1.5)), delay);
    } else if (code === 0) {
      finish('unknown', 'Unknown prediction id', `${STATUS_TEXT[0]} (id ${id})`);
    } else {
      showFacts(result);
      finish('error', `Prediction failed (status ${code})`, STATUS_TEXT[code] || 'The prediction ended with an error.');
    }
  }

  if (!id || id.length > 256) {
    finish('unknown', 'No prediction id', 'This page needs a link of the form /result.html?id=<prediction id>.');
  } else {
    document.title = `deep-predictor: result ${id}`;
    setStatus('Waiting for the result…', true);
    poll(Date.now(), FIRST_DELAY_MS);
  }
})();
