"""Rules about what a text asks for, whatever its kind: never a job, never a resume.

A job ask is any request, however polite or indirect, that the reader act toward the sender
being hired or considered: telling them of openings, referring or recommending them for a
role, passing their resume on, introducing them to a recruiter, keeping them in mind.
Questions about the reader's work, field or hiring *in general* are not asks, and neither
is the method's own informational referral ("two or three other people I might contact").

The rules are patterns over each sentence, written as a request frame joined to an object
of job-seeking; a disclaimer ("I'm not asking for a job") is taken out before matching. The
learned model (``model``) reads every sentence the patterns let through, and each pair of
neighbouring sentences (an ask split in two: "I applied for the analyst role. Could you put
in a word?"); where it alone flags one, the finding says so and suggests a question instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.core.guard import model
from rapport.core.guard.findings import ERROR, WARNING, Context, Finding
from rapport.core.guard.text import Sentence, sentences

ROLE = (
    r"(?:job|position|role|opening|vacanc(?:y|ie)|internship|fellowship|opportunit(?:y|ie)|"
    r"spot|seat|post|gig|placement|apprenticeship|headcount|req)s?"
)
WORK = rf"(?:{ROLE}|work|employment)"
DOCS = r"(?:resume|résumé|cv|c\.v\.|cover letter|portfolio|application|candidacy|writing sample)s?"
MY_DOCS = rf"my (?:\w+ )?{DOCS}"
ORG = (
    r"(?:team|group|office|department|dept|company|firm|organi[sz]ation|agency|lab|nonprofit|"
    r"org|division|unit|startup|practice|studio|newsroom|bureau|institute|center|centre|shop)"
)
YOUR_ORG = rf"(?:your|the|their) (?:\w+ )?{ORG}"
GATEKEEPER = (
    r"(?:recruit(?:er|ers|ing team|ing)|hiring (?:manager|team|committee|partner|lead)s?|"
    r"\bhr\b|human resources|talent (?:team|acquisition)|selection committee|"
    r"(?:the )?(?:person|people|folks|someone|whoever) (?:who |that )?(?:is |are )?"
    r"(?:hires?|hiring|makes? hiring decisions|in charge of hiring))"
)
YOU_ASK = (
    r"(?:(?:could|would|can|will|might) you|you (?:could|might|can)|please|"
    r"any (?:chance|way)|is there (?:any|a) (?:way|chance)|would you (?:mind|be (?:willing|able|open) to)|"
    r"i'd (?:love|appreciate|be grateful|be thankful)|i (?:was )?hop(?:e|ed|ing)|wonder(?:ed|ing)? if|"
    r"if you (?:could|can|would|might))"
)


@dataclass(frozen=True)
class Pattern:
    rule: str
    kind: str
    regex: re.Pattern[str]


def pattern(rule: str, kind: str, *alternatives: str) -> Pattern:
    return Pattern(rule, kind, re.compile("|".join(f"(?:{a})" for a in alternatives)))


PATTERNS = [
    pattern(
        "job-ask",
        "considered",
        r"\b(?:be|being|get|getting|to be) (?:\w+ )?considered\b",
        r"\bconsider (?:me|my \w+|hiring me|taking me|bringing me)\b",
        r"\b(?:a |good |great |strong |right )?(?:fit|match) for (?:\w+ ){0,4}" + ROLE + r"\b",
        r"\b(?:could|would|might) be a (?:good |great |strong )?(?:fit|match)\b",
        r"\b(?:place|room|spot|seat) for me\b",
        r"\b(?:room|space|a place|a spot|a seat) (?:on|in|at|with) (?:your|the) (?:\w+ )?"
        + ORG
        + r"\b",
        r"\bthrow my hat in\b",
        r"\bhire me\b|\bhiring me\b",
        r"\b(?:take|taking|bring|bringing|have|having) me on\b",
        r"\bwork (?:for|under) you\b",
        r"\b(?:join|be part of|be a part of|joining) (?:your|the) (?:\w+ )?(?:team|group|"
        + ORG
        + r")\b",
        r"\bbe part of it\b",
        r"\bintern (?:with|for|at|on) (?:you|your|the)\b",
        r"\bextra (?:pair of )?hands\b",
        r"\b(?:i )?(?:can|could) start (?:in|on|next|right|immediately|as soon)\b",
        r"\bavailable to start\b",
        r"\bbreak into (?:your|the) (?:\w+ )?" + ORG + r"\b",
        r"\bget (?:into|in at|my foot in the door (?:at|with)) (?:your|the) (?:\w+ )?"
        + ORG
        + r"\b",
        r"\bfoot in the door\b",
        r"\bget (?:my|a) foot in\b",
        r"\bi (?:could|can|might) (?:come )?(?:work|intern|volunteer|help out) (?:with|for|under|alongside|at) (?:you|your)\b",
        r"\b(?:me|i) (?:to )?(?:get|be|being|getting) hired\b",
        r"\b(?:be )?your (?:next|new|summer|first) (?:\w+ )?(?:intern|hire|analyst|assistant|associate|employee)\b",
        r"\bhelp me (?:with my )?appl(?:y|ying|ication)\b",
    ),
    pattern(
        "job-ask",
        "openings",
        r"\b(?:any|open|available|upcoming|unfilled|vacant) (?:\w+ ){0,3}" + ROLE + r"\b[^.]*\?",
        r"\b(?:current|new) (?:\w+ )?(?:openings|vacancies|positions|roles|internships|jobs|opportunities)\b",
        r"\b(?:let me know|tell me (?:if|when|whether|as soon as)|heads[- ]up|give me a (?:shout|heads)|alert me|reach out)\b"
        r"(?:(?!\b(?:how|what|why|your)\b)[^.?!])*\b(?:openings?|positions|vacanc\w*|internships|"
        r"opportunities|roles|jobs|hiring|opens? up|opening up|comes? up|available)\b",
        r"\bif you (?:hear|know|learn) of (?:any|an?) " + r"(?:\w+ ){0,3}" + ROLE + r"\b",
        r"\b(?:any|an?|the next) (?:\w+ ){0,2}(?:"
        + ROLE
        + r"|leads?)\b[^.?!]*\b(?:send|pass|forward) "
        r"(?:\w+ )?my way\b",
        r"\b(?:job|work|employment|career) leads?\b",
        r"\b(?:you|your \w+) (?:have|had|has|might have|may have) (?:anything|something|any (?:\w+ )?"
        + WORK
        + r")\b[^.?!]*\b(?:available|open|for me|i could|i might|to offer)\b",
        r"\b(?:do|does|did) (?:you|your \w+) have (?:any|an?) (?:\w+ ){0,3}" + WORK + r"\b",
        r"\bknow of (?:any|an?) (?:\w+ ){0,3}" + ROLE + r"\b",
        r"\b(?:anything|something|a (?:spot|position|role|job|seat)|an opening|one) (?:\w+ )?"
        r"(?:opens?|opening) up\b",
        r"\b(?:if|when|in case) (?:anything|something) (?:comes? up|becomes? available)\b"
        r"[^.?!]*\b(?:fits?|for me|suitable|my background|my skills|on your|in your)\b",
        r"\bin case (?:anything|something) (?:comes? up|opens? up)\b",
        r"\bif (?:you|your|the) (?:\w+ )?(?:"
        + ORG
        + r" )?(?:takes?|hires?|has|have|needs?|is (?:hiring|taking|looking for)|are (?:hiring|taking|looking for))\b[^.?!]*\b(?:interns?|analysts?|assistants?|hires?|staff|openings?|positions?|roles?)\b[^.?!]*\b(?:i'd|i would|i'm|i am|me|my)\b",
        r"\b(?:anything|something) suitable\b",
        r"\b(?:next|upcoming) (?:hiring|recruiting) (?:round|cycle|season)\b",
        r"\bso (?:that )?i (?:can|could|may) apply\b",
        r"\b(?:spot|position|role|job|seat|opening|vacancy|place)s? (?:\w+ ){0,2}(?:opens|opened|opening up|comes up|frees up|becomes available)\b",
        r"\b(?:keep an eye out|keep (?:your )?(?:eyes|ears) open|be on the lookout|look out) for me\b",
        r"\bthink of me\b|\bremember me (?:if|when|for)\b",
        r"\bkeep me (?:on your radar|in the loop (?:on|about) (?:\w+ )?" + ROLE + r")",
        r"\b(?:are|is) there (?:any |a )?(?:\w+ ){0,2}(?:openings|vacancies|positions|internships|jobs|opportunities|roles|spots)\b",
        r"\b(?:send|forward|share|pass) me (?:the |a |any )?(?:\w+ )?(?:job|position|role|internship) (?:posting|listing|ad|opening)s?\b",
        r"\b(?:anyone|someone|people|who) (?:\w+ ){0,4}(?:is|are|'s|'re) (?:currently |still |actively )?hiring\b",
    ),
    pattern(
        "job-ask",
        "hiring",
        r"\b(?:are|is|will|would) (?:you|your \w+(?: \w+)?|the (?:\w+ )?"
        + ORG
        + r"|they|anyone there)"
        r" (?:\w+ )?(?:be )?(?:hiring|recruiting|taking on|bringing on|adding|staffing up|"
        r"looking (?:for|to (?:hire|add|grow|bring)))\b",
        r"\b(?:if|whether|when) (?:you|your \w+(?: \w+)?|the (?:\w+ )?" + ORG + r"|they)"
        r" (?:are|is|'re|'s|will be|start[s]?|might be|plan[s]? to|are planning to|ever|"
        r"(?:are|is|'re|'s) (?:ever|still|currently)) (?:\w+ )?(?:hiring|recruiting|taking on|"
        r"bringing on|looking to (?:grow|hire|expand|add))\b",
        r"\b(?:your|the) (?:\w+ )?" + ORG + r" (?:starts?|begins?) (?:hiring|recruiting)\b",
        r"\bbring(?:ing)? (?:anyone|someone|people|new people|more people) (?:\w+ )?on\b",
        r"\b(?:anyone|someone|somebody|you|your \w+|they) (?:\w+ )?(?:needs?|could use|is looking for)"
        r" (?:a |an |another |some )?(?:\w+ ){0,2}(?:analyst|assistant|intern|designer|engineer|"
        r"developer|hire|associate|coordinator|writer|researcher|help|hands|person|junior)s?\b",
        r"\b(?:is|are) (?:your|the) (?:\w+ )?" + ORG + r" (?:growing|expanding)\b",
        r"\blooking to grow the team\b",
        r"\b(?:any of )?(?:your|the) (?:\w+ )?(?:teams?|groups?|offices?|departments?|labs?|units?) (?:\w+ )?(?:hiring|taking on\b|(?:looking for|need|needs) (?:a |an |another |more |extra |some |any )?(?:\w+ )?(?:help|hands|interns?|analysts?|assistants?|people|staff|someone|hires?))\b",
        r"\btaking on (?:any |new )?interns?\b",
    ),
    pattern(
        "job-ask",
        "referral",
        r"\b(?:refer|recommend|nominate|endorse|sponsor)(?:ing|s|ed)? (?:me|my name|my \w+)\b"
        r"(?! (?:a|an|some|any|books?|reading|articles?|resources?|podcasts?|people|someone|"
        r"others?|two|three|a few|colleagues?|contacts?|to (?:two|three|a few|other|people|someone|"
        r"colleagues?|anyone (?:else )?(?:to talk|who)))\b)",
        r"\bvouch for (?:me|my)\b",
        r"\b(?:a (?:good |kind |quick )?word|a recommendation|a referral|a nudge|an endorsement) from you\b",
        r"\b(?:appl(?:y|ying|ied|ication)|"
        + ROLE
        + r")\b[^.?!]*\breferral\b|\breferral\b[^.?!]*\b(?:appl(?:y|ying|ied|ication)|"
        + ROLE
        + r")\b",
        r"\b(?:put|say|drop) in a (?:good |kind )?word\b",
        r"\bput my name (?:forward|in)\b|\bput me forward\b",
        r"\b(?:employee|internal) referral\b",
        r"\b(?:list|name|use) you as (?:my |a )?(?:referral|reference|referee)\b",
        r"\bmention my name to\b",
        r"\bwith your (?:backing|recommendation|referral|endorsement|support|blessing)\b",
        r"\b(?:if|when) (?:someone like )?you recommends? me\b",
        r"\bskip the (?:\w+ )?(?:application|queue|line|process)\b",
    ),
    pattern(
        "job-ask",
        "resume",
        r"\b(?:pass|forward|send|share|give|hand|circulate|show|submit|email|route|get|put|slip)"
        r"(?:ing)? (?:along |on )?" + MY_DOCS + r"\b[^.?!]*\b(?:to|along|on|with|in front of)\b",
        r"\b(?:get|put) " + MY_DOCS + r" (?:in front of|on the desk of|to the top)\b",
        r"\b(?:pass|forward|send) (?:it|them) (?:on|along)\b",
        r"\b(?:pass|forward|send|show|give) (?:it|them|this) (?:on |along )?to (?:your|the) (?:\w+ ){0,2}(?:director|manager|recruiter|team|boss|lead|hr|partner|editor|head)s?\b",
        r"\b(?:look at|look over|looking over|review|reviewing|critique|critiquing|check|read|"
        r"glance at|go over|take a (?:quick )?look at|give (?:me )?feedback on|edit|proofread|"
        r"comment on|tweak) (?:\w+ )?" + MY_DOCS,
        r"\b(?:flag|fast-track|expedite|push|check on|check the status of|follow up on)"
        r" (?:\w+ )?my (?:\w+ )?application\b",
        r"\bwhere my application stands\b|\bstatus of my application\b",
        r"\b(?:who|where) (?:should|do|can|could) i (?:send|submit|address|forward) (?:\w+ )?"
        + MY_DOCS,
    ),
    pattern(
        "job-ask",
        "gatekeeper",
        r"\b(?:connect|introduce|put|refer|link) (?:me|us) (?:in touch )?(?:with|to) (?:\w+ ){0,3}"
        + GATEKEEPER,
        r"\b(?:land|get|secure|arrange|set up|score) (?:me )?(?:an? |the )?(?:\w+ )?interview\b",
        r"\binterview (?:for|with) (?:any|an?|the|your|you)\b",
        r"\b(?:be|being|get|getting) interviewed\b",
        r"\bhelp me (?:find|get|land|secure) (?:a|an|the|my) (?:\w+ ){0,2}" + ROLE + r"\b",
        r"\bhelp me get (?:hired|in)\b",
        r"\bhelp me get (?:into|in at|in with) (?:your|the) (?:\w+ ){0,3}(?:at|with) (?:your|the)\b|\bhelp me get (?:into|in at|in with) your\b",
        r"\bhelp(?: me)?(?: with)? (?:land|landing|get|getting|find|finding|secure|securing) (?:a|an|my) (?:\w+ ){0,2}"
        + ROLE
        + r"\b",
        r"\b(?:lead|leads|turn) (?:in)?to (?:a|an) (?:\w+ )?(?:job|offer|position|role|internship|"
        r"opportunity) (?:on|with|at) (?:your|the)\b",
        r"\bopportunit(?:y|ies) (?:on|with|at|in) your\b",
    ),
    pattern(
        "resume-offer",
        "offer",
        r"\b(?:attached|attaching|enclosed|enclosing|included|including|attach|enclose)\b[^.?!]{0,30}"
        r"\bmy (?:\w+ )?(?:resume|résumé|cv|c\.v\.|cover letter)\b",
        r"\bmy (?:\w+ )?(?:resume|résumé|cv|cover letter) (?:is|are) (?:attached|enclosed|below|here)\b",
        r"\b(?:happy|glad|pleased|willing|ready|able) to (?:send|share|forward|pass along|provide|email)"
        r"\b[^.?!]{0,20}\bmy (?:\w+ )?(?:resume|résumé|cv|c\.v\.)\b",
        r"\b(?:i can|i could|i'll|i will|let me) (?:send|share|forward|email) (?:you )?(?:over )?"
        r"my (?:\w+ )?(?:resume|résumé|cv|c\.v\.)\b",
        r"\bsend (?:you )?my (?:\w+ )?(?:resume|résumé|cv) over\b",
        r"\b(?:send|share|forward|email) you my (?:\w+ )?(?:resume|résumé|cv|c\.v\.|portfolio|cover letter)\b",
        r"\bhere is my (?:resume|résumé|cv)\b",
        r"\bmy (?:\w+ )?(?:resume|résumé|cv|c\.v\.|cover letter)\b[^.?!]{0,15}\b(?:attached|enclosed)\b",
    ),
]

# The general net under the patterns above: a request (or a wish) that involves a job
# and the sender or the reader's organization, unless it asks for information (what, how…).
REQUEST = re.compile(
    r"\b(?:(?:could|would|can|will|might) (?:you|i|your \w+)|may i|should i|please|let me know|"
    r"if you (?:hear|know|see|come across|could|can|would)|(?:i'd|i would|would) (?:love|appreciate|"
    r"welcome|value|be grateful|be thankful|be so grateful|like|be (?:thrilled|glad|happy|delighted|"
    r"honou?red|excited|eager))|hop(?:e|ed|ing) (?:you|that you|to)|"
    r"any chance|(?:would|might|could) there be|(?:is|are) there (?:any|an?)|do you (?:have|know|need|think (?:i|you))|"
    r"does (?:your|the) \w+|(?:is|are) (?:your|you)|would it be possible|keep me|think of me|"
    r"would (?:help|be (?:amazing|great|wonderful|helpful|appreciated|huge))|help me|"
    r"(?:i am|i'm) writing to|inquire about|(?:let|tell) (?:your|the) \w+)\b"
)
JOB = re.compile(
    r"\b(?:hire|hires|hiring|hired|openings?|positions?|vacanc(?:y|ies)|internships?|interns?|jobs?|"
    r"(?:apply|applying|applications?)(?! (?:to|for) (?:\w+ )?(?:school|schools|programs?|college|"
    r"university|phd|master's|masters|graduate|grad|law|med))|interviews?|interviewing|referrals?|references?|resumes?|cvs?|"
    r"roles?|headcount|candidacy|find work|any work|employment|offer letter|"
    r"(?:job|full-time|part-time|return) offers?)\b"
)
# People and events that stand between the sender and a job: "your recruiter" still counts.
GATEWAY = re.compile(
    r"\b(?:recruiters?|recruiting|hr|talent (?:team|acquisition)|hiring (?:manager|team|committee)s?|"
    r"hiring (?:folks|people|staff|contacts|side)|"
    r"(?:let|tell) (?:your|the) (?:\w+ )?(?:lead|manager|boss|director|partner|head|supervisor|"
    r"team)s? (?:know )?(?:about me|i'm|i am|that i)|"
    r"(?:department|team|group|office|firm|company) (?:expands|grows|is growing|is expanding))\b"
)
# Their job, their interviews, hiring in general: about the reader or the field, not the sender.
NOT_MINE = re.compile(r"(?:\b(?:your|their|his|her|its|one's)(?: \w+){0,2} |\bhiring |\bthe )$")
CANDIDATE = re.compile(
    r"\b(?:me|my|myself|i|i'm|i've|i'd)\b|\byour (?:\w+ )?" + ORG + r"\b|\bat your\b|"
    r"\bthrough you\b|\binternally\b"
)
INFORMATION = re.compile(
    r"^\W*(?:and |but |so )?(?:what|how|which|why|when|where|who)\b|"
    r"\b(?:tell|share|explain|describe|ask|hear|learn|know|understand) (?:me |us )?(?:more )?"
    r"(?:about )?(?:how|what|why|which|where|whether|who)\b|"
    r"\b(?:your|any|some) (?:\w+ )?(?:advice|perspective|view|views|thoughts|insights?|take|opinion|"
    r"sense) (?:on|about|of)\b"
)
GENERAL = re.compile(r"\bin general\b|\bgenerally\b|\bbroadly\b")


CLAUSES = re.compile(r"[;,]\s*(?:and |but |or )?|\s+(?:and|but|or) (?=could|would|can|please)")


def looks_like_a_job_request(plain: str) -> bool:
    """A request or wish that involves a job and the sender (or the reader's organization)."""
    if not CANDIDATE.search(plain) or GENERAL.search(plain):
        return False
    for clause in CLAUSES.split(plain):
        if INFORMATION.search(clause) or not REQUEST.search(clause):
            continue
        if GATEWAY.search(clause):
            return True
        if any(not NOT_MINE.search(clause[: job.start()]) for job in JOB.finditer(clause)):
            return True
    return False


# The method's own asks, which the model, trained on fewer of them than of asks, may misread:
# the informational referral ("who else might I talk to?") and leave to use the contact's
# name. A sentence that also names a job, a way in or a document is not one of them.
METHOD_ASK = re.compile(
    r"\b(?:suggest|recommend|name|know|refer me to|point me (?:to|toward)|introduce me to|"
    r"put me in touch with|connect me with)\b[^.?!]{0,40}?\b(?:people|person|colleagues?|someone|"
    r"anyone|folks|names|contacts|others)\b|"
    r"\b(?:use|mention|say|drop|give|cite)\b[^.?!]{0,25}\byour name\b|\bwho else\b"
)
JOB_OR_WAY_IN = re.compile(rf"\b(?:{ROLE}|{DOCS})\b")


def method_ask(plain: str) -> bool:
    """Whether the sentence is one of the method's own asks and nothing more."""
    return bool(METHOD_ASK.search(plain)) and not (
        JOB.search(plain) or GATEWAY.search(plain) or JOB_OR_WAY_IN.search(plain)
    )


# A clause that disclaims a job ask ("I'm not asking for a job, just advice") is no ask.
DISCLAIMER = re.compile(
    r"\b(?:i'm|i am|i'm really|this is|this isn't|it's|it is)? ?(?:not|n't|never|no longer)"
    r" (?:\w+ ){0,2}(?:asking|looking|seeking|searching|hoping|here|writing|a request)\b"
    r"[^,.;!?]*"
)
PICK_YOUR_BRAIN = re.compile(r"\bpick (?:your|ur) brains?\b")
TEXTING = re.compile(
    r"!!+|\b(?:u|ur|pls|plz|thx|thnx|ty|btw|asap|lol|omg|idk|tbh|imo|gonna|wanna)\b|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
)
JOB_WORDS = re.compile(
    r"\b(?:jobs?|hiring|hire[sd]?|positions?|openings?|vacanc(?:y|ies)|internships?|resumes?|cvs?|"
    r"recruit\w*|apply|applying|applications?)\b"
)

MESSAGES = {
    "considered": "Asks to be hired or considered. The method never asks for a job: ask about "
    "their experience instead.",
    "openings": "Asks about openings. Ask how people get their start in the field, not whether "
    "there is a place for you.",
    "hiring": "Probes whether they are hiring. Ask about the work and the field instead.",
    "referral": "Asks to be referred or recommended for a role. Informational referrals are fine; "
    "a referral for a job is a job ask.",
    "resume": "Asks them to act on your resume or application. Bring your resume to a meeting, "
    "but never offer it or ask them to pass it on.",
    "gatekeeper": "Asks for a way in to hiring (a recruiter, an interview). Ask for their insight "
    "instead.",
    "offer": "Offers your resume. Bring it to a meeting in your folder, but do not offer it.",
    "general": "Reads as a request about a job for you. Ask about their experience and their "
    "field instead.",
    "model-job-ask": "Reads like a request for a job or a way in, even if indirectly. The method "
    "never asks: ask about their work and their path instead.",
    "model-resume-offer": "Reads like offering your resume or asking them to act on it. Bring "
    "it to a meeting in your folder, but do not offer it.",
}
SUGGESTIONS = {
    "considered": "What do you think makes someone successful in your work?",
    "openings": "How do people usually get their start in your field?",
    "hiring": "How has your team's work changed over the last year?",
    "referral": "Can you suggest two or three other people I might contact?",
    "resume": "What do you look for when you read a resume in your field?",
    "gatekeeper": "What advice do you have for someone starting out in this field?",
    "offer": "",
    "general": "Would you be willing to share how you got started in this field?",
    "model-job-ask": "What would you advise someone who hopes to work in your field one day?",
    "model-resume-offer": "What do you look for when you read a resume in your field?",
}
ASKS = ("job-ask", "resume-offer")


def findings(text: str, context: Context) -> list[Finding]:
    """Job asks and resume offers in every sentence, and the tone rules."""
    reader = model.shipped()
    pieces = sentences(text)
    seen = [model.features(mask_disclaimers(sentence.plain)) for sentence in pieces]
    found: list[Finding] = []
    asked = []
    for sentence, features in zip(pieces, seen, strict=True):
        mine = sentence_findings(sentence, context)
        if not context.strict and reader.verdict_of(features)[1] < reader.veto:
            # The model is all but sure this sentence asks for nothing: a pattern that
            # matched it read a word out of its sense ("would a call work for you?").
            mine = [finding for finding in mine if finding.rule not in ASKS]
        asked.append(any(finding.rule in ASKS for finding in mine))
        found += mine
    return found + model_findings(pieces, seen, asked, context)


def model_findings(
    pieces: list[Sentence], seen: list[set[str]], asked: list[bool], context: Context
) -> list[Finding]:
    """What the learned model flags among the sentences the patterns let through: each one
    alone, then each pair of neighbours that neither pattern nor model flagged alone."""
    reader = model.shipped()
    # A sentence a pattern flagged, or one of the method's own asks, is not read again.
    flagged = [
        ask or method_ask(mask_disclaimers(p.plain)) for ask, p in zip(asked, pieces, strict=True)
    ]
    found = []
    for index, sentence in enumerate(pieces):
        if flagged[index]:
            continue
        label, _ = reader.verdict_of(seen[index], context.strict)
        if label != "clean":
            found.append(model_finding(label, sentence.start, sentence.end))
            flagged[index] = True
    for index in range(1, len(pieces)):
        if flagged[index - 1] or flagged[index]:
            continue
        label, _ = reader.verdict_of(seen[index - 1] | seen[index], context.strict)
        if label != "clean":
            flagged[index - 1] = flagged[index] = True
            found.append(model_finding(label, pieces[index - 1].start, pieces[index].end))
    return found


def model_finding(label: str, start: int, end: int) -> Finding:
    kind = f"model-{label}"
    return Finding(label, ERROR, start, end, MESSAGES[kind], SUGGESTIONS[kind])


def sentence_findings(sentence: Sentence, context: Context) -> list[Finding]:
    plain = mask_disclaimers(sentence.plain)
    found: dict[str, Finding] = {}
    for item in PATTERNS:
        if item.rule in found:
            continue
        match = item.regex.search(plain)
        if match:
            found[item.rule] = Finding(
                item.rule,
                ERROR,
                sentence.start,
                sentence.end,
                MESSAGES[item.kind],
                SUGGESTIONS[item.kind],
            )
    if "job-ask" not in found and "resume-offer" not in found and looks_like_a_job_request(plain):
        found["job-ask"] = Finding(
            "job-ask",
            ERROR,
            sentence.start,
            sentence.end,
            MESSAGES["general"],
            SUGGESTIONS["general"],
        )
    result = list(found.values())
    result += tone(sentence, plain, context)
    return result


def mask_disclaimers(plain: str) -> str:
    """Blank out "not asking for a job"-style clauses, keeping every other character's place."""
    return DISCLAIMER.sub(lambda match: " " * len(match.group()), plain)


def tone(sentence: Sentence, plain: str, context: Context) -> list[Finding]:
    result = []
    for regex, rule, message, suggestion in [
        (
            PICK_YOUR_BRAIN,
            "pick-your-brain",
            "“Pick your brain” sounds like taking; ask for their advice or their experience.",
            "I'd value your advice on…",
        ),
        (
            TEXTING,
            "texting",
            "Shorthand, emoji or “!!” read as a text message; write in full sentences.",
            "",
        ),
    ] + (
        [(JOB_WORDS, "job-words", "Strict mode: leave job vocabulary out entirely.", "")]
        if context.strict
        else []
    ):
        match = regex.search(plain)
        if match:
            start = sentence.start + match.start()
            result.append(
                Finding(rule, WARNING, start, sentence.start + match.end(), message, suggestion)
            )
    return result
