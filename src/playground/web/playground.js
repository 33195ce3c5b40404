/* The playground page: Bot Framework Web Chat on the local Direct Line channel, with a persona switch. */
(async function main() {
  'use strict';
  const { WebChat } = window;
  const EXECUTE = 'voiceops.playground.execute';

  const personas = await (await fetch('/playground/personas.json')).json();
  const hostConfig = await (await fetch('/playground/teams-host-config.json')).json();
  let persona = personas[0];

  // The language a Teams client would send as activity.locale (and its time zone as localTimezone); ?locale= presets it.
  const localePicker = document.getElementById('locale');
  const wanted = new URLSearchParams(window.location.search).get('locale');
  if (wanted && [...localePicker.options].some((o) => o.value === wanted)) localePicker.value = wanted;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const withLocale = (activity) => ({ ...activity, locale: localePicker.value, localTimezone: timeZone });

  const picker = document.getElementById('personas');
  for (const p of personas) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'persona';
    input.value = p.key;
    input.checked = p === persona;
    input.addEventListener('change', () => {
      persona = p;
      showCardsTo(p);
    });
    label.append(input, ` ${p.name} `);
    const role = document.createElement('small');
    role.textContent = `(${p.role})`;
    label.append(role);
    picker.append(label);
  }

  const { token, conversationId } = await (await fetch('/v3/directline/tokens/generate', { method: 'POST' })).json();
  const directLine = WebChat.createDirectLine({
    domain: `${window.location.origin}/v3/directline`,
    token,
    webSocket: false,
    pollingInterval: 300,
  });

  // Web Chat 4.18 renders Action.Execute buttons but ignores clicks on them ("unknown action"). So each one is
  // shown as an Action.Submit that carries its verb; the card action middleware below turns the click into the
  // adaptiveCard/action invoke Teams sends, with the card's input values merged into the data as Teams does.
  function executeAsSubmit(node, activityId) {
    if (Array.isArray(node)) return node.map((item) => executeAsSubmit(item, activityId));
    if (!node || typeof node !== 'object') return node;
    const copy = {};
    for (const [key, value] of Object.entries(node)) copy[key] = executeAsSubmit(value, activityId);
    if (node.type !== 'Action.Execute') return copy;
    const data = node.data && typeof node.data === 'object' ? node.data : {};
    return {
      ...copy,
      type: 'Action.Submit',
      data: { ...data, [EXECUTE]: { verb: node.verb, id: node.id, title: node.title, activityId } },
    };
  }

  function withPersona(activity, who = persona) {
    return { ...activity, channelData: { ...activity.channelData, persona: who.key } };
  }

  const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
  const VIEW = 'voiceops.playground.view';
  // The bot's own version of each card activity and a count of its versions. A viewer's card (an invoke
  // response) is shown to that viewer only and yields to any newer version from the bot, as in Teams.
  const shared = new Map();
  let dispatch = () => undefined;

  function cardOf(activity) {
    const attachment = (activity.attachments || []).find((a) => a.contentType === ADAPTIVE_CARD);
    return attachment && attachment.content;
  }

  function show(activity, card, view) {
    const attachments = card ? [{ contentType: ADAPTIVE_CARD, content: card }] : activity.attachments;
    dispatch({
      type: 'DIRECT_LINE/INCOMING_ACTIVITY',
      payload: { activity: { ...activity, attachments, channelData: { ...activity.channelData, [VIEW]: view } } },
    });
  }

  /** Sends an adaptiveCard/action invoke as the Teams client does, and shows a card answer to this viewer. */
  async function invoke(activityId, action, trigger, who) {
    const version = shared.get(activityId) && shared.get(activityId).version;
    const response = await fetch(`/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        withPersona(
          {
            type: 'invoke',
            name: 'adaptiveCard/action',
            from: { id: who.id, name: who.name, role: 'user' },
            locale: localePicker.value,
            localTimezone: timeZone,
            replyToId: activityId,
            value: { action: { type: 'Action.Execute', id: action.id, verb: action.verb, title: action.title, data: action.data }, trigger },
          },
          who,
        ),
      ),
    });
    if (!response.ok) throw new Error(`card action failed with ${response.status}`);
    const { invokeResponse } = await response.json();
    const current = shared.get(activityId);
    if (invokeResponse && invokeResponse.type === ADAPTIVE_CARD && current && current.version === version && who === persona) {
      show(current.activity, invokeResponse.value, who.key);
    }
  }

  /** Universal Actions refresh: a card that lists this viewer in refresh.userIds is refreshed into their view. */
  function refreshFor(activityId, who) {
    const entry = shared.get(activityId);
    const card = entry && cardOf(entry.activity);
    const refresh = card && card.refresh;
    if (!refresh || !refresh.action || !Array.isArray(refresh.userIds) || !refresh.userIds.includes(`8:orgid:${who.aadObjectId}`)) return false;
    invoke(activityId, refresh.action, 'automatic', who).catch((error) => console.error('card refresh failed', error));
    return true;
  }

  /** After a persona switch: every card as the new viewer sees it. */
  function showCardsTo(who) {
    for (const [activityId, entry] of shared) {
      if (!refreshFor(activityId, who)) show(entry.activity, undefined, 'shared');
    }
  }

  const store = WebChat.createStore({}, (api) => (next) => (action) => {
    dispatch = api.dispatch;
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      const activity = action.payload.activity;
      if (cardOf(activity) && !(activity.channelData && activity.channelData[VIEW])) {
        const previous = shared.get(activity.id);
        shared.set(activity.id, { activity, version: previous ? previous.version + 1 : 0 });
        setTimeout(() => refreshFor(activity.id, persona), 0);
      }
      if (Array.isArray(activity.attachments)) {
        const attachments = activity.attachments.map((a) =>
          a.contentType === 'application/vnd.microsoft.card.adaptive' ? { ...a, content: executeAsSubmit(a.content, activity.id) } : a,
        );
        return next({ ...action, payload: { ...action.payload, activity: { ...activity, attachments } } });
      }
    }
    if (action.type === 'DIRECT_LINE/POST_ACTIVITY') {
      return next({ ...action, payload: { ...action.payload, activity: withLocale(withPersona(action.payload.activity)) } });
    }
    return next(action);
  });

  const cardActionMiddleware = () => (next) => (card) => {
    const { cardAction } = card;
    const value = cardAction && cardAction.value;
    if (cardAction.type !== 'postBack' || !value || typeof value !== 'object' || !value[EXECUTE]) return next(card);
    const { verb, id, title, activityId } = value[EXECUTE];
    const data = { ...value };
    delete data[EXECUTE];
    invoke(activityId, { verb, id, title, data }, 'manual', persona).catch((error) => console.error('card action failed', error));
    return undefined;
  };

  // Web Chat's markdown-it runs with typographer on and would turn the quotes of a Set-CsUser line into curly
  // quotes; Teams shows them as sent. Escaped characters are left alone by the typographer.
  const renderMarkdown = (markdown, ...rest) =>
    WebChat.renderMarkdown(markdown.includes('`') ? markdown : markdown.replace(/['"]|--|\.\.\./g, (m) => m.replace(/./g, '\\$&')), ...rest);

  WebChat.renderWebChat(
    {
      directLine,
      renderMarkdown,
      store,
      userID: 'playground-user',
      username: 'You',
      locale: 'en-US',
      adaptiveCardsHostConfig: hostConfig,
      cardActionMiddleware,
      styleOptions: {
        accent: '#5B5FC7',
        bubbleMaxWidth: 640,
        bubbleBorderRadius: 6,
        bubbleFromUserBackground: '#E8EBFA',
        bubbleFromUserBorderRadius: 6,
        primaryFont: "'Segoe UI', system-ui, sans-serif",
        botAvatarInitials: 'VO',
        userAvatarInitials: 'Me',
        hideUploadButton: true,
        // Teams shows card and message text as markdown without raw HTML: "<upn>" stays visible.
        markdownRenderHTML: false,
        sendBoxPlaceholder: 'Type a command, e.g. enable voice alice@contoso.com +14255550100',
      },
    },
    document.getElementById('webchat'),
  );
  // A file upload as Teams delivers it to a bot: the file is stored by the channel and the message carries a
  // file.download.info attachment with its download URL (no text needed).
  document.getElementById('bulk-file').addEventListener('change', async (event) => {
    const file = event.target.files && event.target.files[0];
    if (!file) return;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const stored = await (
      await fetch(`/playground/files/${encodeURIComponent(conversationId)}`, { method: 'POST', headers, body: JSON.stringify({ name: file.name, text: await file.text() }) })
    ).json();
    const attachment = {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: file.name,
      content: { downloadUrl: `${window.location.origin}${stored.path}`, uniqueId: stored.id, fileType: 'csv' },
    };
    await fetch(`/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify(withPersona({ type: 'message', text: '', attachments: [attachment], from: { id: persona.id, name: persona.name, role: 'user' } })),
    });
    event.target.value = '';
  });
  document.querySelector('#webchat input, #webchat textarea')?.focus();
})();
