/* The playground page: Bot Framework Web Chat on the local Direct Line channel, with a persona switch. */
(async function main() {
  'use strict';
  const { WebChat } = window;
  const EXECUTE = 'voiceops.playground.execute';

  const personas = await (await fetch('/playground/personas.json')).json();
  const hostConfig = await (await fetch('/playground/teams-host-config.json')).json();
  let persona = personas[0];

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
    });
    label.append(input, ` ${p.name} `);
    const role = document.createElement('small');
    role.textContent = `(${p.role})`;
    label.append(role);
    picker.append(label);
  }

  const { token } = await (await fetch('/v3/directline/tokens/generate', { method: 'POST' })).json();
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

  function withPersona(activity) {
    return { ...activity, channelData: { ...activity.channelData, persona: persona.key } };
  }

  const store = WebChat.createStore({}, () => (next) => (action) => {
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      const activity = action.payload.activity;
      if (Array.isArray(activity.attachments)) {
        const attachments = activity.attachments.map((a) =>
          a.contentType === 'application/vnd.microsoft.card.adaptive' ? { ...a, content: executeAsSubmit(a.content, activity.id) } : a,
        );
        return next({ ...action, payload: { ...action.payload, activity: { ...activity, attachments } } });
      }
    }
    if (action.type === 'DIRECT_LINE/POST_ACTIVITY') {
      return next({ ...action, payload: { ...action.payload, activity: withPersona(action.payload.activity) } });
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
    directLine
      .postActivity(
        withPersona({
          type: 'invoke',
          name: 'adaptiveCard/action',
          from: { id: persona.id, name: persona.name, role: 'user' },
          locale: navigator.language,
          replyToId: activityId,
          value: { action: { type: 'Action.Execute', id, verb, title, data }, trigger: 'manual' },
        }),
      )
      .subscribe({ error: (error) => console.error('card action failed', error) });
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
        sendBoxPlaceholder: 'Type a command, e.g. enable voice alice@contoso.com +14255550100',
      },
    },
    document.getElementById('webchat'),
  );
  document.querySelector('#webchat input, #webchat textarea')?.focus();
})();
