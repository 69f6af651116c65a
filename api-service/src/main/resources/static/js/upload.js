/* The upload page: picks a model, checks the image, posts it to the seed's /upload endpoint and
   goes to the result page. Authentication: a reCAPTCHA token when the server has reCAPTCHA on,
   else an api key that the browser remembers. */
'use strict';

(() => {
  const API_KEY_STORAGE = 'deep-predictor.api-key';
  const form = document.getElementById('upload-form');
  const modelSelect = document.getElementById('model');
  const modelDescription = document.getElementById('model-description');
  const dropZone = document.getElementById('drop-zone');
  const fileInput = document.getElementById('image');
  const preview = document.getElementById('preview');
  const previewImage = document.getElementById('preview-image');
  const previewName = document.getElementById('preview-name');
  const apiKeyField = document.getElementById('api-key-field');
  const apiKeyInput = document.getElementById('api-key');
  const recaptchaField = document.getElementById('recaptcha-field');
  const submitButton = document.getElementById('submit');
  const status = document.getElementById('status');
  const problemBox = document.getElementById('problem');
  const idLabel = document.getElementById('prediction-id');

  let config = null;
  let models = [];
  let chosen = null; // { file, dataUrl }
  let predictionId = '';
  let recaptchaWidget = null;

  /** A random id of the server's length and characters; rejection sampling keeps it uniform. */
  function newPredictionId(rule) {
    const chars = rule.characters;
    const limit = 256 - (256 % chars.length);
    let id = '';
    while (id.length < rule.length) {
      const bytes = new Uint8Array(rule.length * 2);
      crypto.getRandomValues(bytes);
      for (const b of bytes) {
        if (b < limit && id.length < rule.length) {
          id += chars[b % chars.length];
        }
      }
    }
    return id;
  }

  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024) {
      return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
    }
    return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
  }

  function setStatus(text, busy) {
    status.className = 'status';
    status.innerHTML = '';
    if (busy) {
      const spinner = document.createElement('span');
      spinner.className = 'spinner';
      spinner.setAttribute('aria-hidden', 'true');
      status.appendChild(spinner);
    }
    status.appendChild(document.createTextNode(text));
  }

  function showProblem(title, detail) {
    dp.showProblem(problemBox, { title, detail });
    setStatus('', false);
  }

  function clearProblem() {
    problemBox.hidden = true;
  }

  function updateSubmit() {
    submitButton.disabled = !(config && modelSelect.value && chosen);
  }

  function describeModel() {
    const model = models.find((m) => m.name === modelSelect.value);
    modelDescription.textContent = model ? model.description || '' : '';
  }

  function fillModels() {
    modelSelect.innerHTML = '';
    for (const model of models) {
      const option = document.createElement('option');
      option.value = model.name;
      option.textContent = model.frontend_name || model.name;
      modelSelect.appendChild(option);
    }
    if (models.some((m) => m.name === config.default_model)) {
      modelSelect.value = config.default_model;
    }
    describeModel();
  }

  function setUpAuthentication() {
    if (config.recaptcha && config.recaptcha.enabled) {
      recaptchaField.hidden = false;
      window.deepPredictorRecaptchaReady = () => {
        recaptchaWidget = window.grecaptcha.render('recaptcha', { sitekey: config.recaptcha.site_key });
      };
      const script = document.createElement('script');
      const url = config.recaptcha.script_url;
      script.src = `${url}${url.includes('?') ? '&' : '?'}onload=deepPredictorRecaptchaReady&render=explicit`;
      script.async = true;
      script.defer = true;
      script.onerror = () => showProblem('reCAPTCHA unavailable',
        'The reCAPTCHA widget could not be loaded, so uploads from this page cannot be verified.');
      document.head.appendChild(script);
    } else {
      apiKeyField.hidden = false;
      apiKeyInput.value = localStorage.getItem(API_KEY_STORAGE) || '';
    }
  }

  function choose(file) {
    clearProblem();
    chosen = null;
    preview.hidden = true;
    updateSubmit();
    if (!file) {
      return;
    }
    if (file.size > config.max_upload_bytes) {
      fileInput.value = '';
      showProblem('Image too large',
        `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(config.max_upload_bytes)}.`);
      return;
    }
    if (file.type && !file.type.startsWith('image/')) {
      fileInput.value = '';
      showProblem('Not an image', `${file.name} is not an image file (${file.type}).`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      chosen = { file, dataUrl: reader.result };
      previewImage.src = reader.result;
      previewImage.alt = `Preview of ${file.name}`;
      previewName.textContent = `${file.name}, ${formatBytes(file.size)}`;
      preview.hidden = false;
      setStatus('Image ready.', false);
      updateSubmit();
    };
    reader.onerror = () => showProblem('Unreadable file', `${file.name} could not be read.`);
    reader.readAsDataURL(file);
  }

  /** Keeps the picture for the result page; a picture too big for session storage is fetched later. */
  function remember(id, dataUrl, model) {
    try {
      sessionStorage.setItem(dp.modelKey(id), model ? model.frontend_name || model.name : '');
      sessionStorage.setItem(dp.imageKey(id), dataUrl);
    } catch (e) {
      sessionStorage.removeItem(dp.imageKey(id));
    }
  }

  async function submit(event) {
    event.preventDefault();
    clearProblem();
    if (!chosen) {
      showProblem('No image', 'Choose an image first.');
      return;
    }
    const body = new FormData();
    body.append('prediction_id', predictionId);
    body.append('model_name', modelSelect.value);
    if (config.recaptcha && config.recaptcha.enabled) {
      const token = (window.grecaptcha && recaptchaWidget !== null) ? window.grecaptcha.getResponse(recaptchaWidget) : '';
      if (!token) {
        showProblem('Confirm you are not a robot', 'Tick the reCAPTCHA box, then press Predict again.');
        return;
      }
      body.append('g-recaptcha-response', token);
    } else {
      const key = apiKeyInput.value.trim();
      if (!key) {
        showProblem('API key needed', 'Enter your API key to upload.');
        apiKeyInput.focus();
        return;
      }
      body.append('api_key', key);
    }
    body.append('image', chosen.file, chosen.file.name);

    submitButton.disabled = true;
    setStatus('Uploading…', true);
    try {
      const response = await fetch('/upload', { method: 'POST', body, headers: { Accept: 'application/json' } });
      const json = await dp.json(response);
      if (!response.ok) {
        throw dp.problem(response, json);
      }
      const id = (json && json.prediction_id) || predictionId;
      if (!apiKeyField.hidden) {
        // Only a key the server accepted is worth remembering.
        localStorage.setItem(API_KEY_STORAGE, apiKeyInput.value.trim());
      }
      remember(id, chosen.dataUrl, models.find((m) => m.name === modelSelect.value));
      setStatus('Uploaded, opening the result…', true);
      window.location.assign(`/result.html?id=${encodeURIComponent(id)}`);
    } catch (error) {
      dp.showProblem(problemBox, error);
      setStatus('', false);
      if (error.status === 409) {
        // The id is taken: the next attempt needs a fresh one.
        predictionId = newPredictionId(config.prediction_id);
        idLabel.textContent = predictionId;
      }
      if (window.grecaptcha && recaptchaWidget !== null) {
        window.grecaptcha.reset(recaptchaWidget);
      }
      updateSubmit();
    }
  }

  dropZone.addEventListener('click', (event) => {
    if (event.target !== fileInput) {
      fileInput.click();
    }
  });
  ['dragenter', 'dragover'].forEach((type) => dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  }));
  ['dragleave', 'drop'].forEach((type) => dropZone.addEventListener(type, () => dropZone.classList.remove('dragging')));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file && config) {
      choose(file);
    }
  });
  fileInput.addEventListener('change', () => {
    // Before the configuration arrives the size limit is unknown; the start-up code checks the file then.
    if (config) {
      choose(fileInput.files[0]);
    }
  });
  modelSelect.addEventListener('change', () => {
    describeModel();
    updateSubmit();
  });
  form.addEventListener('submit', submit);

  (async () => {
    try {
      const [webConfig, modelList] = await Promise.all([dp.getJson('/api/v1/web-config'), dp.getJson('/api/v1/models')]);
      config = webConfig;
      models = modelList.models || [];
      document.getElementById('max-size').textContent = formatBytes(config.max_upload_bytes);
      predictionId = newPredictionId(config.prediction_id);
      idLabel.textContent = predictionId;
      fillModels();
      setUpAuthentication();
      if (fileInput.files[0]) {
        choose(fileInput.files[0]);
      }
      document.body.dataset.ready = 'true';
      updateSubmit();
    } catch (error) {
      modelSelect.innerHTML = '<option value="">No models</option>';
      dp.showProblem(problemBox, { title: 'The service is unavailable', detail: error.detail || error.message });
    }
  })();
})();
