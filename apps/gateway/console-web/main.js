// Starts the console: asks the gateway how founders sign in here, then shows the screen the address names.
import { ConsoleApp } from './console-app.js';
import { clerkSession, devSession } from './session.js';

async function boot() {
  const main = document.getElementById('main');
  try {
    const config = await (await fetch('/console/config.json')).json();
    if (config.authMode === 'clerk' && !config.clerkPublishableKey) {
      throw new Error('Sign-in is not set up on this server: it needs CLERK_PUBLISHABLE_KEY.');
    }
    const session = config.authMode === 'clerk' ? await clerkSession(config) : devSession();
    await new ConsoleApp({ main, account: document.getElementById('account'), session, config }).start();
  } catch (err) {
    const problem = document.createElement('p');
    problem.className = 'card form-error';
    problem.textContent = `The console could not start: ${err.message}`;
    main.replaceChildren(problem);
  }
}

boot();
