import type { Gen, Template } from './gen.ts';

/**
 * Small talk and refusals: greetings and "what can you do?" (help), thanks, and requests outside what tunechat
 * does (jokes, weather, writing code or emails, translation, trivia, deleting files, …), which must get an honest
 * answer and no tool call. Out-of-scope requests deliberately reuse domain words ("write a python script that
 * tunes xgboost", "delete my model files") so the encoder learns that the words alone do not make a request.
 */

const GREETINGS = ['hi', 'hello', 'hey', 'hey there', 'good morning', 'good evening', 'hiya', 'yo', 'howdy', 'hello there', 'hi tunechat', 'greetings', 'morning', 'sup', "what's up"];
const HELP_ASKS = [
  'what can you do?', 'what do you do?', 'help', 'how does this work?', 'what are you?', 'who are you?', 'what can I ask you?', 'how do I use this?', 'what are your capabilities?',
  'can you help me?', 'I need help', 'what is tunechat?', 'what kind of things can you help with?', 'how do I get started?', 'show me what you can do', 'any tips on how to use you?',
  'what commands do you understand?', 'explain what you can do', 'what are you good for?', "I'm new here, where do I start?", 'give me some examples of what I can ask', 'help me get started',
  'what features do you have?', 'is there a manual?', 'how can you help me?', 'what should I ask you?', 'usage?', 'what do you support?', 'what are you able to do?', '?',
];

function help(g: Gen): string {
  return g.weighted<string>([
    [g.pick(HELP_ASKS), 4],
    [`${g.pick(GREETINGS)}${g.pick(['', '!', ',', '.'])}`, 1.5],
    [`${g.pick(GREETINGS)}${g.pick(['!', ',', '.', ''])} ${g.pick(HELP_ASKS)}`, 4],
    [`${g.pick(HELP_ASKS)} ${g.pick(['', 'I just installed you', 'first time here', 'new user here', 'thanks in advance'])}`, 1],
    [`${g.pick(GREETINGS)}${g.pick([',', '!', '', ' -'])} ${g.pick(['first time using this', 'first time using you', 'new to this', 'just set this up', 'never used this before', 'trying this out for the first time', 'just installed this'])}${g.pick(['', '!', '.', ' :)'])}`, 1.5],
  ]);
}

const THANKS = ['thanks', 'thank you', 'thx', 'ty', 'cheers', 'thanks a lot', 'thank you so much', 'many thanks', 'much appreciated', 'great, thanks', 'perfect, thank you', 'awesome, thanks', 'nice, cheers', 'thanks!', 'thanks a bunch', 'appreciate it', 'that helps, thanks', 'cool thanks', 'ok thanks', 'brilliant, ta', 'ta', 'thank u', 'tysm', 'thanks mate', 'great job', 'nice work', 'well done, thanks', 'good stuff, thank you', 'that was helpful', 'you rock'];
const THANKS_TAILS = [' mate!', ' mate', ' buddy', '!', '!!', '.', ' :)', ' 🙏', ', that is exactly what I needed', ', that was quick', ' for the help', ', bye', ', see you later', ', that is all for now', ', have a nice day', ' a lot'];

function thanks(g: Gen): string {
  return `${g.pick(THANKS)}${g.pick(THANKS_TAILS)}`;
}

const CITIES = ['Paris', 'London', 'Tokyo', 'New York', 'Berlin', 'Lagos', 'Sydney', 'Mumbai', 'São Paulo', 'Toronto', 'my area', 'here'];
const LANGS = ['French', 'Spanish', 'German', 'Japanese', 'Italian', 'Portuguese', 'Chinese', 'Dutch', 'Korean', 'Hindi'];
const CODE_LANGS = ['python', 'Python', 'JavaScript', 'rust', 'Go', 'bash', 'SQL', 'C++', 'TypeScript', 'Java'];
const CODE_TASKS = ['sorts a list', 'parses a CSV file', 'reverses a string', 'tunes xgboost', 'trains a neural network', 'scrapes a website', 'computes fibonacci numbers', 'reads a json file', 'implements binary search', 'benchmarks my API', 'plots the loss curve', 'connects to postgres', 'uploads files to S3', 'merges two sorted lists', 'inverts a binary tree', 'detects a cycle in a graph', 'implements a stack', 'finds duplicates in an array', 'checks for palindromes'];
const TOPICS = ['the sea', 'autumn', 'cats', 'love', 'machine learning', 'latency', 'my dog', 'the moon', 'coffee', 'a robot', 'gradient descent', 'Mondays'];
const PEOPLE = ['my boss', 'the team', 'my landlord', 'a customer', 'HR', 'my professor', 'the client'];

function outOfScope(g: Gen): string {
  const kind = g.pick(['joke', 'weather', 'code', 'translate', 'trivia', 'email', 'files', 'creative', 'life', 'math', 'web', 'shop', 'system', 'explain', 'chat', 'domain', 'domain', 'domain'] as const);
  switch (kind) {
    case 'domain':
      return domainWordsOutOfScope(g);
    case 'joke':
      return g.pick([`tell me a joke`, `tell me a joke about ${g.pick(TOPICS)}`, `make me laugh`, `know any good jokes?`, `say something funny`, `got a pun about ${g.pick(TOPICS)}?`, `tell me a riddle`, `give me a dad joke`]);
    case 'weather':
      return g.pick([`what's the weather like in ${g.pick(CITIES)}?`, `will it rain tomorrow in ${g.pick(CITIES)}?`, `how hot is it in ${g.pick(CITIES)}`, `weather forecast for ${g.pick(CITIES)}`, `is it going to snow this weekend?`, `do I need an umbrella today?`, `what's the temperature outside?`]);
    case 'code':
      return g.pick([`write a ${g.pick(CODE_LANGS)} function that ${g.pick(CODE_TASKS)}`, `write me a ${g.pick(CODE_LANGS)} script that ${g.pick(CODE_TASKS)}`, `can you code a ${g.pick(CODE_LANGS)} program that ${g.pick(CODE_TASKS)}?`, `fix this bug in my ${g.pick(CODE_LANGS)} code`, `refactor my ${g.pick(CODE_LANGS)} class`, `how do I write a for loop in ${g.pick(CODE_LANGS)}?`, `generate a regex that matches emails`, `review my pull request`, `write unit tests for my ${g.pick(CODE_LANGS)} code`, `implement quicksort in ${g.pick(CODE_LANGS)}`]);
    case 'translate':
      return g.pick([`translate "good morning" into ${g.pick(LANGS)}`, `how do you say thank you in ${g.pick(LANGS)}?`, `translate this paragraph to ${g.pick(LANGS)}`, `what does "bonjour" mean?`, `can you translate my email into ${g.pick(LANGS)}?`, `say hello in ${g.pick(LANGS)}`]);
    case 'trivia':
      return g.pick([`who won the world cup in ${g.pick([1998, 2010, 2014, 2018, 2022])}?`, `what is the capital of ${g.pick(['Australia', 'Canada', 'Brazil', 'Kenya', 'Norway', 'Peru'])}?`, `how tall is mount everest?`, `who wrote hamlet?`, `when did the roman empire fall?`, `how many planets are in the solar system?`, `what is the speed of light?`, `who invented the telephone?`, `what's the population of ${g.pick(CITIES)}?`, `how far is the moon?`, `who is the president of ${g.pick(['France', 'the US', 'Brazil', 'Kenya'])}?`]);
    case 'email':
      return g.pick([`write an email to ${g.pick(PEOPLE)} about ${g.pick(['the deadline', 'my vacation', 'the outage', 'a raise', 'the latency regression', 'the meeting'])}`, `draft a reply to ${g.pick(PEOPLE)}`, `help me write a cover letter`, `compose a message to ${g.pick(PEOPLE)} saying I'm sick`, `write a slack message announcing the release`, `summarize this email thread`]);
    case 'files':
      return g.pick([`delete all my files`, `delete the logs folder`, `rm -rf /tmp`, `remove my model files`, `clean up my downloads folder`, `format my hard drive`, `wipe the database`, `delete the xgboost model from disk`, `empty the trash`, `move my photos to the cloud`, `rename all files in this folder`, `zip up the project directory`]);
    case 'creative':
      return g.pick([`write me a poem about ${g.pick(TOPICS)}`, `write a haiku about ${g.pick(TOPICS)}`, `tell me a story about ${g.pick(TOPICS)}`, `compose a song about ${g.pick(TOPICS)}`, `draw a picture of ${g.pick(TOPICS)}`, `write a limerick about ${g.pick(TOPICS)}`, `make up a bedtime story`, `write an essay on ${g.pick(TOPICS)}`]);
    case 'life':
      return g.pick([`what should I eat for dinner?`, `give me a recipe for ${g.pick(['pancakes', 'lasagna', 'curry', 'banana bread'])}`, `how do I lose weight?`, `should I quit my job?`, `recommend a good movie`, `what book should I read next?`, `plan my trip to ${g.pick(CITIES)}`, `how do I fall asleep faster?`, `any tips for a job interview?`, `what's a good gift for my mom?`]);
    case 'math':
      return g.pick([`what is ${g.int(2, 99)} times ${g.int(2, 99)}?`, `solve x^2 - 4 = 0`, `what's the square root of ${g.pick([2, 144, 1000])}?`, `integrate sin(x)`, `is ${g.int(100, 999)} a prime number?`, `convert ${g.int(1, 100)} miles to km`, `what's 15% of ${g.int(20, 500)}?`]);
    case 'web':
      return g.pick([`search the web for ${g.pick(TOPICS)}`, `google the latest news`, `what's trending on twitter?`, `open youtube`, `find me a cheap flight to ${g.pick(CITIES)}`, `what's the news today?`, `look up the score of last night's game`]);
    case 'shop':
      return g.pick([`order a pizza`, `buy me a new laptop`, `what's the price of bitcoin?`, `should I buy ${g.pick(['Tesla', 'Apple', 'Nvidia'])} stock?`, `book a table for two tonight`, `call a taxi`, `set an alarm for 7am`, `remind me to call mom`, `add milk to my shopping list`, `play some music`]);
    case 'system':
      return g.pick([`shut down my computer`, `install docker on my laptop`, `update my operating system`, `connect to the wifi`, `turn on the lights`, `send a text to ${g.pick(PEOPLE)}`, `restart the kubernetes cluster`, `deploy my app to production`, `merge my branch into main`, `push my code to github`]);
    case 'explain':
      return g.pick([`explain quantum computing`, `what is the meaning of life?`, `how does a car engine work?`, `explain the theory of relativity`, `what's the difference between a virus and bacteria?`, `why is the sky blue?`, `how do vaccines work?`, `explain blockchain to me like I'm five`]);
    case 'chat':
      return g.pick([`how are you today?`, `do you have feelings?`, `are you sentient?`, `what's your favorite color?`, `do you dream?`, `I'm bored`, `let's play a game`, `tell me about yourself as a person`, `what do you think about politics?`, `are you better than chatgpt?`, `sing me a song`, `what's your name?`]);
  }
}

/**
 * Requests that use tunechat's own words (tune, optimise, benchmark, speed up, faster, delete, remove, stop, alert)
 * about things that are not models, services or commands: guitars, CVs, commutes, diets, batteries, files, viruses.
 */
const TUNABLE_THINGS = ['guitar', 'piano', 'violin', 'ukulele', 'car engine', 'motorbike', 'radio', 'drum kit', 'bike gears', 'voice', 'singing voice', 'TV', 'bass guitar', 'cello', 'harp', 'mandolin', 'banjo', 'carburetor'];
const LIFE_THINGS = ['CV', 'resume', 'diet', 'sleep schedule', 'morning routine', 'workout', 'budget', 'taxes', 'garden', 'LinkedIn profile', 'wardrobe', 'study habits', 'dating profile', 'commute', 'savings', 'grocery list', 'running pace', 'posture'];
const PURPOSES = ['getting lean', 'a data engineering role', 'a marathon', 'more energy', 'a promotion', 'retirement', 'summer', 'a job interview', 'better sleep', 'a tech job', 'muscle gain', 'saving money'];
const DEVICES = ["laptop's battery", 'phone battery', 'laptop', 'phone', 'wifi', 'internet connection', 'car', 'fridge', 'washing machine', 'gaming PC', 'home router', 'bike'];

function domainWordsOutOfScope(g: Gen): string {
  return g.pick([
    `how do i tune a ${g.pick(TUNABLE_THINGS)}`, `how do I tune my ${g.pick(TUNABLE_THINGS)}?`, `tune my ${g.pick(TUNABLE_THINGS)}`, `can you tune my ${g.pick(TUNABLE_THINGS)}?`,
    `tune my ${g.pick(TUNABLE_THINGS.slice(0, 4))} to ${g.pick(['drop D', 'standard tuning', '440 Hz', 'open G', 'E flat', 'half a step down'])}`, `what's the best tuning for a ${g.pick(TUNABLE_THINGS.slice(0, 4))}?`,
    `tune the ${g.pick(['radio', 'TV', 'car radio'])} to ${g.pick(['101.5 FM', 'channel 4', 'BBC radio 2'])}`, `how do I tune up my ${g.pick(['bike', 'car', 'lawn mower'])}?`,
    `optimise my ${g.pick(LIFE_THINGS)}`, `optimize my ${g.pick(LIFE_THINGS)}`, `help me optimize my ${g.pick(LIFE_THINGS)}`, `improve my ${g.pick(LIFE_THINGS)}`,
    `benchmark my ${g.pick(DEVICES)}`, `how fast is my ${g.pick(DEVICES)}?`, `speed up my ${g.pick(['commute', 'laptop', 'phone', 'reading', 'typing', 'metabolism', 'morning routine'])}`,
    `make my ${g.pick(['car', 'bike', 'dog', 'computer', 'wifi', 'laptop'])} faster`, `make my ${g.pick(['commute', 'runs', 'lap times'])} quicker`,
    `minimize my ${g.pick(['taxes', 'electricity bill', 'screen time', 'carbon footprint', 'stress'])}`, `maximize my ${g.pick(['savings', 'productivity', 'muscle gain', 'happiness', 'sleep'])}`,
    `reduce my ${g.pick(['cholesterol', 'weight', 'phone bill', 'anxiety', 'rent'])}`, `lower my ${g.pick(['blood pressure', 'heart rate', 'bills', 'golf handicap'])}`,
    `boost my ${g.pick(['immune system', 'credit score', 'energy', 'confidence', 'chess rating'])}`, `increase my ${g.pick(['salary', 'follower count', 'vertical jump'])}`,
    `delete all my files`, `delete my ${g.pick(['facebook account', 'photos', 'emails', 'browser history', 'tweets', 'home folder'])}`, `remove the virus`, `remove the virus from my computer`,
    `remove the stain from my shirt`, `remove ${g.pick(['malware', 'adware', 'a tattoo', 'rust from my bike', 'the background from this photo'])}`, `delete everything on my desktop`,
    `how do I stop ${g.pick(['smoking', 'snoring', 'procrastinating', 'my dog barking', 'my nose bleeding'])}?`, `stop my ${g.pick(['alarm', 'washing machine', 'music', 'car alarm'])}`,
    `alert me when ${g.pick(['it starts raining', 'my package arrives', 'the game starts', 'my flight is delayed'])}`, `notify me when ${g.pick(['tickets go on sale', 'bitcoin drops', 'my friend is online'])}`,
    `what's the best ${g.pick(['pizza', 'laptop', 'running shoe', 'coffee machine'])}?`, `run a ${g.pick(['marathon', '5k', 'bath'])} for me`, `how many trials does it take to get a driving licence?`,
    `find the best parameters for my ${g.pick(['sourdough', 'espresso', 'barbecue', 'fantasy team'])}`, `what settings should my ${g.pick(['camera', 'TV', 'oven', 'thermostat'])} use?`,
    `how do I measure my ${g.pick(['waist', 'internet speed', 'blood sugar', 'room'])}?`, `load test my ${g.pick(['washing machine', 'bookshelf', 'bridge design', 'car trailer'])}`,
    `which parameters matter most in ${g.pick(['poker', 'baking bread', 'a job interview', 'golf'])}?`, `sensitivity of my ${g.pick(['skin', 'teeth', 'microphone'])}`,
    // The same with a purpose, a deadline or a number attached, which must not make them tuning requests.
    `${g.pick(['optimize', 'optimise', 'tune', 'improve'])} my ${g.pick(LIFE_THINGS)} for ${g.pick(PURPOSES)}${g.pick(['', `, I have ${g.int(2, 9)} ${g.pick(['weeks', 'days', 'months'])}`, ` in ${g.int(2, 12)} weeks`, ' please'])}`,
    `can you ${g.pick(['optimise', 'optimize', 'polish', 'tune up'])} my ${g.pick(LIFE_THINGS)} for ${g.pick(PURPOSES)}?`,
    `${g.pick(['maximize', 'maximise', 'increase', 'boost', 'grow'])} the ${g.pick(['returns', 'yield', 'profit', 'dividends', 'value'])} of my ${g.pick(['stock portfolio', 'savings account', 'crypto wallet', 'rental property', 'pension', 'shop'])}`,
    `${g.pick(['minimize', 'minimise', 'cut', 'reduce'])} the ${g.pick(['cost', 'time', 'fuel'])} of my ${g.pick(['road trip', 'wedding', 'weekly shop', 'renovation', 'move'])}${g.pick(['', ` to under ${g.int(2, 20)}k`, ' by 20%'])}`,
    `what ${g.pick(['pace', 'speed', 'cadence', 'heart rate'])} should I ${g.pick(['run', 'ride', 'swim', 'train'])} to finish a ${g.pick(['marathon', 'half marathon', '10k', 'triathlon'])} in under ${g.int(1, 5)} hours?`,
    `how ${g.pick(['many hours', 'much', 'often'])} should I ${g.pick(['sleep', 'study', 'train', 'practise'])} to ${g.pick(['pass my exam', 'get faster', 'gain muscle', 'be more productive'])}?`,
    `find the best ${g.pick(['route', 'schedule', 'seating plan', 'workout split', 'meal plan'])} for ${g.pick(['my week', 'the wedding', 'my commute', 'the team offsite', 'cutting weight'])}`,
  ]);
}

export const CHAT_TEMPLATES: Template[] = [
  { intent: 'help', make: (g) => ({ markup: help(g), decorate: false }) },
  { intent: 'thanks', make: (g) => ({ markup: thanks(g), decorate: false, ...(g.chance(0.4) ? { prior: { study: { target: 'xgboost', metrics: ['accuracy'] } } } : {}) }) },
  { intent: 'out_of_scope', weight: 3, make: (g) => ({ markup: outOfScope(g) }) },
  { intent: 'out_of_scope', weight: 1.2, make: (g) => ({ markup: domainWordsOutOfScope(g) }) },
  { intent: 'out_of_scope', make: (g) => ({ markup: `${g.pick(['hey, ', 'hi! ', 'ok, ', 'random question: ', 'off topic but ', 'quick question, ', 'unrelated, but ', 'can you ', 'please ', 'I need you to '])}${outOfScope(g)}`, decorate: false }) },
];
