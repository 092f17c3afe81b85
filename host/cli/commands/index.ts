// One line per command; each file registers itself.
import './serve';
import './doctor';
import './sync';
import './alerts';
import './holidays';
