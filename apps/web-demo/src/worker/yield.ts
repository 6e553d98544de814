/**
 * Lets a worker's event loop take the page's messages (pause, reset, export). A WASM step can
 * resolve through promise callbacks alone, and a loop of those never reaches the message queue;
 * a message to itself is a task, queued behind the page's. (setTimeout would clamp to 4 ms.)
 */
export function yieldToMessages(): Promise<void> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.addEventListener('message', () => {
      channel.port1.close();
      resolve();
    });
    channel.port1.start();
    channel.port2.postMessage(undefined);
  });
}

