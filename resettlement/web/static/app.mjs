// GOV.UK Frontend and MoJ Frontend components (error summary focus, radios, navigation toggle).
// The pages work without this script: every form posts and every table is server-rendered.
import { initAll } from '/assets/govuk-frontend.min.js'
import { initAll as initMoj } from '/assets/moj-frontend.min.js'

initAll()
initMoj()
