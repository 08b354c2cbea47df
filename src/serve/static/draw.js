// Draw a digit: the run's model reads the canvas as you draw (on the server, prepared exactly as `predict` prepares a file).
'use strict';

const main = document.getElementById('app');
const { experiment, run } = main.dataset;
const readUrl = '/api/experiments/' + encodeURIComponent(experiment) + '/runs/' + encodeURIComponent(run) + '/read';
const SIZE = 280;

const board = el('canvas', { width: SIZE, height: SIZE, class: 'board', 'aria-label': 'draw a digit here' });
const seen = el('canvas', { width: 28, height: 28, class: 'seen', 'aria-label': 'the 28x28 image the model saw' });
const digit = el('div', { class: 'digit', id: 'digit' }, '?');
const message = el('p', { class: 'message', id: 'message' }, 'Draw a digit in the box, with the mouse or a finger.');
const bars = el('ol', { class: 'bars', start: 0, id: 'probabilities' });
const clear = el('button', { type: 'button', onclick: () => { blank(); message.textContent = 'Draw a digit in the box.'; digit.textContent = '?'; bars.replaceChildren(); seen.getContext('2d').clearRect(0, 0, 28, 28); } }, 'clear');

resetMain('Draw a digit');
main.append(el('p', null, 'Run ', el('a', { href: '/experiments/' + encodeURIComponent(experiment) }, experiment), ' / ', el('b', null, run), ': its model reads your drawing as you draw.'));
main.append(el('div', { class: 'draw' },
  el('div', null, board, el('p', null, clear)),
  el('div', null, el('p', { class: 'label' }, 'the model reads'), digit, message,
    el('p', { class: 'label' }, 'what it saw (28x28)'), seen),
  el('div', null, el('p', { class: 'label' }, 'probabilities'), bars)));

const pen = board.getContext('2d');
// a blank board is not sent: there is nothing to read yet
let inked = false;
function blank() {
  pen.fillStyle = 'white';
  pen.fillRect(0, 0, SIZE, SIZE);
  inked = false;
}
blank();
pen.lineWidth = 18;
pen.lineCap = 'round';
pen.lineJoin = 'round';
pen.strokeStyle = 'black';

let last = null;
board.addEventListener('pointerdown', (e) => {
  board.setPointerCapture(e.pointerId);
  last = point(e);
  // a dot where the pen lands (a line of length zero draws nothing)
  pen.beginPath();
  pen.arc(last.x, last.y, pen.lineWidth / 2, 0, 2 * Math.PI);
  pen.fillStyle = pen.strokeStyle;
  pen.fill();
  inked = true;
  read();
});
board.addEventListener('pointermove', (e) => {
  if (last === null) return;
  const next = point(e);
  stroke(last, next);
  last = next;
});
const lift = () => { if (last !== null) { last = null; read(); } };
board.addEventListener('pointerup', lift);
board.addEventListener('pointercancel', lift);

function point(e) {
  const box = board.getBoundingClientRect();
  return { x: (e.clientX - box.left) * SIZE / box.width, y: (e.clientY - box.top) * SIZE / box.height };
}

function stroke(from, to) {
  inked = true;
  pen.beginPath();
  pen.moveTo(from.x, from.y);
  pen.lineTo(to.x, to.y);
  pen.stroke();
  read();
}

// One reading at a time; strokes drawn meanwhile are read as soon as it comes back.
let busy = false;
let again = false;
function read() {
  if (!inked) return;
  if (busy) { again = true; return; }
  busy = true;
  again = false;
  board.toBlob(async (png) => {
    try {
      const response = await fetch(readUrl, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
      const answer = await response.json();
      if (response.ok) show(answer); else { message.textContent = answer.error; }
    } catch (error) {
      message.textContent = String(error);
    } finally {
      busy = false;
      main.dataset.reads = String(Number(main.dataset.reads || 0) + 1);
      if (again) read();
      else main.dataset.settled = main.dataset.reads;
    }
  }, 'image/png');
}

function show(answer) {
  digit.textContent = String(answer.predicted);
  main.dataset.predicted = String(answer.predicted);
  message.textContent = 'p = ' + answer.probabilities[answer.predicted].toFixed(3);
  bars.replaceChildren(...answer.probabilities.map((p, i) =>
    el('li', { class: i === answer.predicted ? 'top' : null },
      el('span', { class: 'class' }, String(i)),
      el('span', { class: 'bar', style: 'width:' + (p * 100).toFixed(1) + '%' }),
      el('span', { class: 'value' }, p.toFixed(3)))));
  const image = seen.getContext('2d').createImageData(28, 28);
  answer.seen.forEach((v, i) => {
    const grey = Math.round(255 * (1 - v));
    image.data.set([grey, grey, grey, 255], i * 4);
  });
  seen.getContext('2d').putImageData(image, 0, 0);
}
