/* Helpers shared by the pages: JSON fetches and RFC 9457 problem details. */
'use strict';

const dp = {
  /** Reads a response as JSON, or null when it has no JSON body. */
  async json(response) {
    const type = response.headers.get('Content-Type') || '';
    if (!type.includes('json')) {
      return null;
    }
    try {
      return await response.json();
    } catch (e) {
      return null;
    }
  },

  /** Fetches JSON; a failed response becomes an Error carrying the problem's title and detail. */
  async getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await dp.json(response);
    if (!response.ok) {
      throw dp.problem(response, body);
    }
    return body;
  },

  /** An Error from a refused request, worded from its problem details when there are any. */
  problem(response, body) {
    const title = (body && body.title) || `${response.status} ${response.statusText || 'Error'}`.trim();
    const detail = (body && body.detail) || 'The server refused the request.';
    const error = new Error(detail);
    error.title = title;
    error.detail = detail;
    error.status = response.status;
    error.predictionStatus = body ? body.prediction_status : undefined;
    return error;
  },

  /** Shows an error in a role="alert" box made of a title and a detail element. */
  showProblem(box, error) {
    box.querySelector('[id$="-title"]').textContent = error.title || 'Something went wrong';
    box.querySelector('[id$="-detail"]').textContent = error.detail || error.message || '';
    box.hidden = false;
    // On a phone the form is taller than the screen: bring the message into view.
    box.scrollIntoView({ block: 'nearest' });
  },

  percent(confidence) {
    return `${(confidence * 100).toFixed(1)}%`;
  },

  imageKey(id) {
    return `deep-predictor.image.${id}`;
  },

  modelKey(id) {
    return `deep-predictor.model.${id}`;
  },
};
