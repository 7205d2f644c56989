// The account page needs nothing but the elements: the guard redirects, the provider does the rest.
import './config.js';
import 'session-elements';
