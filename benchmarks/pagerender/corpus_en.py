"""English text for rendered pages: a small built-in corpus of local news, recombined with a seeded RNG.

The paragraphs are plain ASCII and avoid abbreviations with a full stop inside a
sentence ("Mr.", "p.m."), so that a sentence ends exactly where ``.``, ``!`` or
``?`` (and a closing quote) is followed by a space and a capital. Some contain
real hyphenated words ("well-known", "two-lane"): the renderer never breaks a
line inside them.
"""

from __future__ import annotations

import random
import re

from benchmarks.pagerender.titles import TitleSource

SENTENCE = re.compile(r".+?[.!?]['\"]?(?=\s+[A-Z\"']|\s*$)")

PARAGRAPHS = [
    "The Millbrook City Council voted 5 to 2 on Tuesday to approve a $1.8 million plan to repair the aging water tower on Hill Road. The work is expected to begin in April and last about four months. Residents on the east side may notice lower water pressure during the repairs.",
    'Council members who opposed the plan said the city should first seek state grants. "We owe it to taxpayers to look for every dollar before we borrow," said council member Ruth Alvarez. Supporters argued that further delay would only raise the cost of the project.',
    "The county road department will close a two-lane stretch of Route 9 near the old mill for three weeks beginning Monday. Crews will replace a culvert that washed out during last month's storms. Drivers will be detoured along Quarry Lane and Orchard Street.",
    "Highway superintendent Dale Whitcomb said the detour adds about six minutes to the trip between Millbrook and Cedar Falls. He asked drivers to watch for flaggers and heavy equipment. The department expects to reopen the road before the start of the fishing season.",
    "The Millbrook Public Library will extend its hours on weekday evenings starting next month. The change follows a survey in which more than 600 residents asked for later closing times. The library will now stay open until nine o'clock from Monday through Thursday.",
    'Library director Anne Kowalski said the longer hours are paid for by a state-funded grant and by savings from new lighting. "Many of our patrons work during the day, and they told us clearly what they needed," she said. The children\'s room will keep its current schedule.',
    "The school board approved a budget of $42.6 million for the coming year at its meeting on Wednesday night. The plan holds the tax rate steady while adding two teachers at the middle school. It also sets aside money for a long-term study of the district's buildings.",
    "Superintendent Carla Mendes told the board that enrollment has grown for the third year in a row. Kindergarten classes are now the largest they have been in a decade. The district expects to hire a part-time reading specialist before the fall.",
    "Firefighters from three departments battled a barn fire on Pine Ridge Road late Saturday night. No one was hurt, but the building and a tractor were destroyed. The cause of the fire is under investigation by the county fire marshal.",
    "Fire chief Gary Lindqvist praised neighbors who moved a dozen horses out of a nearby stable before crews arrived. He said dry weather and strong winds made the blaze hard to control. Volunteers from Cedar Falls and Ashford helped keep the flames from spreading.",
    "The Millbrook Farmers Market will open for the season on the first Saturday in May. More than forty vendors have signed up, including several new growers from the valley. The market will again be held in the parking lot behind the town hall.",
    'Market manager Tom Reyes said this year\'s market will accept food assistance benefits at every stall. "We want fresh food to be within reach of every family in town," he said. A follow-up meeting for vendors is planned for next week.',
    "A well-known local bakery on Main Street will close its doors at the end of the month after 52 years in business. Owners Frank and Linda Moretti said they are retiring. The building has been sold to a family that plans to open a cafe.",
    'Customers lined up outside the bakery on Friday morning for one last box of the shop\'s famous cinnamon rolls. "We have watched three generations of kids grow up here," Linda Moretti said. The couple thanked the town for its loyalty over five decades.',
    "The county health department is offering free flu shots at the senior center every Thursday this month. No appointment is needed, and walk-in visitors are welcome. Nurses will also check blood pressure for anyone who asks.",
    "Health officials said the number of flu cases in the county has risen sharply since the holidays. They urged older residents and parents of young children to get vaccinated. Hand washing and staying home when sick remain the best ways to slow the spread.",
    "The Millbrook High School girls basketball team won its fourth straight game on Friday, beating Ashford 58 to 49. Junior guard Maya Thompson scored 21 points and grabbed nine rebounds. The team now leads its division with a record of 14 wins and 3 losses.",
    'Coach Dennis Farrell said the team\'s defense has improved steadily since the start of the season. "They trust each other, and it shows in the fourth quarter," he said. The Lady Hawks play their next home game against Cedar Falls on Tuesday.',
    "Snow plows worked through the night after a storm dropped nearly a foot of snow on the region Sunday. Schools in Millbrook and Ashford were closed on Monday. Town officials asked residents to keep cars off the streets so that crews could clear them.",
    "Public works director Helen Park said the town has used about two thirds of its winter budget for salt and overtime. She said the department would ask the council for extra money if the storms continue. Sidewalks near the schools will be cleared first.",
    "A new recycling program will begin in Millbrook on March 1, allowing residents to put glass, paper and plastic in a single bin. The town says the change will save money and raise the share of waste that is recycled. New blue carts will be delivered to every household.",
    "Officials hope the so-called single-stream system will cut the amount of trash sent to the county landfill by a quarter. Residents with questions can call the town office or attend an information night at the library. Old bins may be kept or returned to the transfer station.",
    "The historical society has received a donation of more than 300 photographs showing life in Millbrook in the early 1900s. The pictures were found in the attic of a house on Elm Street. Many show the mill, the railroad depot and the old schoolhouse.",
    "Society president Walter Greene said volunteers will spend the winter scanning the images and matching names to faces. He asked older residents to help identify people in the photographs. A public exhibit is planned for the town's anniversary celebration in June.",
    "The county fair board announced that this year's fair will add a second weekend of events. Organizers said attendance has grown steadily since the fair moved to the new grounds. The extra days will feature a tractor pull, a rodeo and a youth livestock show.",
    "Fair board chair Susan Whitaker said local businesses have pledged more support than ever before. She said the board is still looking for volunteers to help with parking and ticket sales. Applications for exhibitors are due by the end of May.",
    "Construction of the new bridge over Willow Creek is ahead of schedule, state transportation officials said this week. The old bridge, built in 1938, was closed last spring after inspectors found cracks in its supports. The new span is expected to open in early summer.",
    'Residents of the Willow Creek neighborhood have had to drive nearly five miles around the closed bridge for almost a year. "It will be a relief to have a straight road into town again," said resident Paul Jensen. The project is costing about $6.5 million, most of it paid by the state.',
    "The Millbrook Police Department is warning residents about a telephone scam in which callers pretend to be from the electric company. The callers threaten to cut off power unless a payment is made at once. Police said the utility never asks for payment by gift card.",
    "Police chief Robert Haines said several older residents have lost money to the scam in recent weeks. He urged anyone who receives such a call to hang up and report it. Officers will speak about fraud prevention at the senior center next Wednesday.",
    "The town planning board heard plans on Monday for a 48-unit apartment building on the site of the former shoe factory. The developer says a third of the units would be set aside for low-income families. Several neighbors raised concerns about traffic and parking.",
    "Planning board chair Nancy Oduya said the board will hold a public hearing on the project next month. She said the town badly needs more housing that young families can afford. The board will also review a traffic study paid for by the developer.",
    "Volunteers collected more than two tons of food during the annual winter drive for the Millbrook food pantry. The donations will help the pantry serve about 250 families a week through the spring. Local churches, schools and businesses all took part.",
    'Pantry coordinator Joan Whitfield said demand has risen since heating costs went up this winter. "Every can and every dollar makes a real difference to a family here," she said. The pantry is open on Tuesday and Saturday mornings.',
    "The Ashford Community Theater will stage a production of a well-loved musical at the high school auditorium next weekend. The cast includes more than thirty local actors, from fourth graders to retirees. Tickets are available at the door and at the hardware store on Main Street.",
    "Director Emily Sorensen said rehearsals have been held three nights a week since November. Proceeds from the shows will go toward new lighting for the auditorium. It is the group's first full musical in five years.",
    "Millbrook Regional Hospital has opened a new outpatient clinic on the second floor of its east wing. The clinic offers physical therapy, lab services and a year-round diabetes education program. Officials said it will shorten waiting times for patients from across the county.",
    "Hospital president Mark Delaney said the clinic was paid for with a mix of donations and a low-interest loan. The expansion created eighteen new jobs, most of them filled by local residents. An open house for the public is planned for later this month.",
    "Dairy farmers in the valley say low milk prices and rising feed costs are squeezing their businesses. Several family farms have sold their herds over the past two years. The county extension office is offering free workshops on ways to cut costs.",
    'Extension agent Laura Becker said some farmers are turning to cheese making and direct sales to survive. "The farms that are doing well are the ones that found a new market," she said. The next workshop will be held at the grange hall on Thursday evening.',
    "The parks department plans to rebuild the playground at Riverside Park this summer with equipment that children of all abilities can use. The project was chosen after a public survey last fall. A group of parents raised part of the money with bake sales and a fun run.",
    "Parks director Sam Okafor said the old wooden playground, built by volunteers in 1994, no longer meets safety standards. Work will start once the ground thaws. The park's ball fields and walking paths will stay open during construction.",
]

HEADLINES = [
    "Council approves water tower repairs",
    "Route 9 to close for culvert work",
    "Library to stay open later on weeknights",
    "School board adopts $42.6 million budget",
    "Fire destroys barn on Pine Ridge Road",
    "Farmers market returns in May with new vendors",
    "Beloved Main Street bakery to close after 52 years",
    "Free flu shots offered at senior center",
    "Lady Hawks win fourth straight",
    "Storm drops a foot of snow on valley",
    "Town rolls out single-stream recycling",
    "Trove of old photographs donated to historical society",
    "County fair adds second weekend",
    "New Willow Creek bridge ahead of schedule",
    "Police warn of utility phone scam",
    "Apartments proposed for old shoe factory site",
    "Food drive collects more than two tons",
    "Community theater returns with a musical",
    "Hospital opens new outpatient clinic",
    "Dairy farmers squeezed by low prices",
    "Riverside Park to get new playground",
    "Residents split over downtown parking plan",
    "Volunteers clean up Willow Creek banks",
    "Town hall roof repairs to begin in spring",
    "Students raise funds for animal shelter",
    "Grant will help restore old railroad depot",
    "Cedar Falls names new fire chief",
    "Ice fishing derby draws record crowd",
    "State to study traffic on Main Street",
    "Local veterans honored at ceremony",
]

KICKERS = [
    "CITY HALL",
    "EDUCATION",
    "PUBLIC SAFETY",
    "AGRICULTURE",
    "COMMUNITY",
    "HEALTH",
    "SPORTS",
    "HOUSING",
]

SUBHEADLINES = [
    "Council members split over the cost of borrowing for the project",
    "Work is expected to take about four months",
    "Survey showed strong demand for evening hours",
    "Plan holds tax rate steady while adding two teachers",
    "Neighbors helped move horses to safety before crews arrived",
    "Officials say the change will save money and cut landfill waste",
    "Public hearing on the proposal set for next month",
    "Proceeds will go toward new lighting for the auditorium",
]

NAMES = [
    "JANE DOE",
    "MARGARET HOLLIS",
    "DAVID OKONKWO",
    "SARAH LINDGREN",
    "PETER VANCE",
    "LUCIA MORALES",
    "THOMAS BRANDT",
    "KAREN WU",
    "MICHAEL O'NEILL",
    "REBECCA STONE",
    "JAMES CARVER",
    "ELLEN FORTIER",
    "ROBERT KIM",
    "NORA PATEL",
    "CHARLES DUNN",
    "AMY HOLLOWAY",
    "BRIAN MCALLISTER",
    "GRACE NAKAMURA",
    "HENRY ABBOTT",
    "OLIVIA REYES",
]

CREDITS = ["Staff Writer", "Associated Press", "Herald Correspondent", "For the Herald"]

CITIES = ["MILLBROOK", "ASHFORD", "CEDAR FALLS", "SPRINGFIELD", "WILLOW CREEK", "NORTH HAVEN"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June"]

CAPTIONS = [
    "Volunteers sort donated food at the Millbrook food pantry on Saturday.",
    "Crews prepare the site of the new Willow Creek bridge.",
    "Firefighters work to contain the blaze on Pine Ridge Road.",
    "Junior guard Maya Thompson drives to the basket against Ashford.",
    "A plow clears Main Street early Monday after the storm.",
    "Shoppers browse the stalls at last year's farmers market.",
    "Linda Moretti hands a customer a box of cinnamon rolls.",
    "Children try out the old playground at Riverside Park.",
    "A photograph of the mill taken around 1905, one of the donated images.",
    "Cast members rehearse a scene at the high school auditorium.",
]

PHOTO_CREDITS = ["Staff photo", "Herald photo", "Photo by Sam Okafor", "AP photo"]

SECTIONS = ["LOCAL NEWS", "REGION", "COMMUNITY", "SPORTS", "BUSINESS"]
MASTHEADS = ["THE MILLBROOK HERALD", "THE VALLEY GAZETTE", "ASHFORD COUNTY TIMES"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph cut into sentences."""
    return [m.group(0).strip() for m in SENTENCE.finditer(paragraph)]


class EnglishSource(TitleSource):
    """Seeded supply of English sentences, titles and bylines.

    Articles take whole corpus paragraphs in a random order; the filler cuts the
    last one at a sentence end, so an article never starts in mid-paragraph.
    """

    lang = "en"

    def __init__(self, rng: random.Random) -> None:
        self._paras: list[list[str]] = []
        super().__init__(rng, HEADLINES, KICKERS, SUBHEADLINES)

    def paragraph(self) -> list[str]:
        """The sentences of the next corpus paragraph (the corpus is reshuffled each time it runs out)."""
        if not self._paras:
            self._paras = [split_sentences(p) for p in PARAGRAPHS]
            self.rng.shuffle(self._paras)
        return list(self._paras.pop())

    def give_back(self, sentences: list[str]) -> None:
        """Return a paragraph that did not fit, to be used before the corpus is reshuffled."""
        self._paras.insert(0, list(sentences))

    def join(self, sentences: list[str]) -> str:
        """Sentences joined into paragraph text."""
        return " ".join(sentences)

    def byline_lines(self) -> list[str]:
        """The lines of a byline set at the start of an article ("By JANE DOE" / "Staff Writer")."""
        name, other = self.rng.sample(NAMES, 2)
        forms = [
            [f"By {name}"],
            [f"By {name}", self.rng.choice(CREDITS)],
            [f"By {name} and {other}"],
            [self.rng.choice(CREDITS[:2])],
        ]
        return self.rng.choice(forms)

    def caption(self) -> str:
        """A photo caption with its photo credit."""
        return f"{self.rng.choice(CAPTIONS)} ({self.rng.choice(PHOTO_CREDITS)})"

    def dateline(self) -> str:
        """A dateline such as "ASHFORD, Feb. 9 \u2014 " for the start of an article (or "" most of the time)."""
        if self.rng.random() < 0.4:
            return f"{self.rng.choice(CITIES)}, {self.rng.choice(MONTHS)} {self.rng.randint(1, 28)} \u2014 "
        return ""
